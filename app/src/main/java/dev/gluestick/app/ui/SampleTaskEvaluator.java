package dev.gluestick.app.ui;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.samples.eval.EvalSummary;
import dev.gluestick.samples.eval.Evaluator;
import dev.gluestick.samples.policy.LowRankCorrection;
import dev.gluestick.samples.policy.PolicyCheckpoint;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.eval.EpisodeTrace;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Shapes;
import dev.gluestick.samples.world.WorldMap;
import dev.gluestick.samples.world.WorldParams;
import dev.gluestick.views.service.EpisodeReplay;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.TaskScore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bundled sample's closed-loop evaluation for the trade-off chart: the policy runs with the
 * analysis's pruned weights {@code Wp} plus, per layer, the correction at the allocated rank
 * applied factored as {@code Wp x + A (B x)} (float32 factors from the engine), on the fixed
 * evaluation episodes. Built on a worker thread (it reads the policy's weights).
 */
final class SampleTaskEvaluator implements TaskEvaluator {

    private final Analysis analysis;
    private final RecoveryEngine engine;
    private final PolicyWeights dense;
    private final PolicyWeights pruned;
    private final List<EpisodeSpec> episodes;

    private SampleTaskEvaluator(Analysis analysis, RecoveryEngine engine, PolicyWeights dense, PolicyWeights pruned,
            List<EpisodeSpec> episodes) {
        this.analysis = analysis;
        this.engine = engine;
        this.dense = dense;
        this.pruned = pruned;
        this.episodes = episodes;
    }

    /**
     * @param episodes how many of the standard evaluation episodes to run (all 200 in the app)
     */
    static SampleTaskEvaluator create(Analysis analysis, RecoveryEngine engine, int episodes) {
        PolicyWeights dense = PolicyCheckpoint.load(analysis.model().path());
        Map<String, LinearLayer> analysed = new HashMap<>();
        for (LayerAnalysis a : analysis.layers()) {
            analysed.put(a.layer().modulePath(), a.layer());
        }
        // Layers left out of the analysis (exclude patterns) stay dense, as they would in the export.
        PolicyWeights pruned = dense.mapWeights(w -> {
            LinearLayer l = analysed.get(w.module());
            return l == null ? w.weight() : engine.prunedWeights().pruned(l, w.weight());
        });
        List<EpisodeSpec> all = Evaluator.standardEpisodes();
        return new SampleTaskEvaluator(analysis, engine, dense, pruned, all.subList(0, Math.min(episodes, all.size())));
    }

    @Override
    public String description() {
        return "nav-policy, " + episodes.size() + " episodes";
    }

    @Override
    public TaskScore evaluate(Allocation allocation, ProgressSink progress) {
        return score(Evaluator.evaluate(pruned.withCorrections(corrections(allocation)), episodes, progress::progress));
    }

    /** Each analysed layer's correction at its allocated rank (rank 0: none). */
    private Map<String, LowRankCorrection> corrections(Allocation allocation) {
        Map<String, LowRankCorrection> corrections = new LinkedHashMap<>();
        for (int i = 0; i < analysis.layers().size(); i++) {
            int r = allocation.rank(i);
            if (r > 0) {
                LinearLayer l = analysis.layers().get(i).layer();
                Correction c = engine.factors().get(l.tensorName(), r);
                corrections.put(l.modulePath(), new LowRankCorrection(c.dOut(), c.dIn(), c.rank(), c.a(), c.b()));
            }
        }
        return corrections;
    }

    @Override
    public TaskScore evaluateDense(ProgressSink progress) {
        return score(Evaluator.evaluate(dense, episodes, progress::progress));
    }

    @Override
    public int episodeCount() {
        return episodes.size();
    }

    @Override
    public EpisodeReplay replay(int index, Allocation allocation) {
        EpisodeSpec spec = episodes.get(index);
        List<EpisodeReplay.Run> runs = List.of(
                run("dense", Evaluator.trace(dense, spec)),
                run("pruned", Evaluator.trace(pruned, spec)),
                run("recovered", Evaluator.trace(pruned.withCorrections(corrections(allocation)), spec)));
        WorldMap map = spec.map();
        List<double[]> walls = new ArrayList<>();
        for (Shapes.Segment w : map.walls()) {
            walls.add(new double[] {w.x0(), w.y0(), w.x1(), w.y1()});
        }
        List<double[]> circles = new ArrayList<>();
        for (Shapes.Circle c : map.circles()) {
            circles.add(new double[] {c.x(), c.y(), c.r()});
        }
        List<double[]> boxes = new ArrayList<>();
        for (Shapes.Box b : map.boxes()) {
            boxes.add(new double[] {b.minX(), b.minY(), b.maxX(), b.maxY()});
        }
        List<EpisodeReplay.Landmark> landmarks = new ArrayList<>();
        for (Shapes.Landmark l : map.landmarks()) {
            landmarks.add(new EpisodeReplay.Landmark(l.colour().name(), l.x(), l.y(), l.colour() == spec.target()));
        }
        return new EpisodeReplay(index, spec.instruction(), WorldParams.ARENA, WorldParams.ROBOT_RADIUS, walls,
                circles, boxes, landmarks, runs);
    }

    private static EpisodeReplay.Run run(String label, EpisodeTrace t) {
        int n = t.steps().size() + 1;
        double[] xs = new double[n];
        double[] ys = new double[n];
        xs[0] = t.spec().start().x();
        ys[0] = t.spec().start().y();
        for (int i = 1; i < n; i++) {
            xs[i] = t.steps().get(i - 1).x();
            ys[i] = t.steps().get(i - 1).y();
        }
        String outcome = t.result().outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return new EpisodeReplay.Run(label, xs, ys, outcome, t.result().unsafe(), t.result().success());
    }

    private static TaskScore score(EvalSummary s) {
        return new TaskScore(s.successRate(), s.unsafeRate(), s.count());
    }
}
