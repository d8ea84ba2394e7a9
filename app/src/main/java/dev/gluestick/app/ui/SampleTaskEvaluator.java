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
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.TaskScore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
        Map<String, LowRankCorrection> corrections = new LinkedHashMap<>();
        for (int i = 0; i < analysis.layers().size(); i++) {
            int r = allocation.rank(i);
            if (r > 0) {
                LinearLayer l = analysis.layers().get(i).layer();
                Correction c = engine.factors().get(l.tensorName(), r);
                corrections.put(l.modulePath(), new LowRankCorrection(c.dOut(), c.dIn(), c.rank(), c.a(), c.b()));
            }
        }
        return score(Evaluator.evaluate(pruned.withCorrections(corrections), episodes, progress::progress));
    }

    @Override
    public TaskScore evaluateDense(ProgressSink progress) {
        return score(Evaluator.evaluate(dense, episodes, progress::progress));
    }

    private static TaskScore score(EvalSummary s) {
        return new TaskScore(s.successRate(), s.unsafeRate(), s.count());
    }
}
