package dev.gluestick.app.ui;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.samples.eval.EpisodeResult;
import dev.gluestick.samples.eval.EpisodeTrace;
import dev.gluestick.samples.eval.EvalSummary;
import dev.gluestick.samples.eval.Evaluator;
import dev.gluestick.samples.eval.TraceStep;
import dev.gluestick.samples.policy.LowRankCorrection;
import dev.gluestick.samples.policy.PolicyCheckpoint;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Outcome;
import dev.gluestick.samples.world.Shapes;
import dev.gluestick.samples.world.WorldMap;
import dev.gluestick.samples.world.WorldParams;
import dev.gluestick.views.episode.EpisodeEnd;
import dev.gluestick.views.episode.EpisodeScene;
import dev.gluestick.views.episode.EpisodeSource;
import dev.gluestick.views.episode.PolicyVariant;
import dev.gluestick.views.episode.Trajectory;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.TaskScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs the bundled sample policy for the window, with its weights exactly as deployed: the pruned
 * {@code Wp} of every analysed layer plus the rank-r correction applied factored, {@code Wp x +
 * A (B x)} (the samples' {@code PolicyNetwork}), on the fixed 200-episode evaluation set.
 *
 * <p>The pruned weights and the top-R_max factors are copied out of the engine when this is made
 * (a few MB for the sample), so it stays valid after the engine closes. Evaluations are cached per
 * rank vector; two threads asking for the same one share a single run, and an interrupted run is
 * dropped from the cache so the next caller starts it again.
 */
public final class SampleTaskEvaluator implements TaskEvaluator, EpisodeSource {

    private static final int TRACE_CACHE = 96;

    private final String name;
    private final PolicyWeights dense;
    private final PolicyWeights pruned;
    /** Analysis layer order: the module each allocation entry applies to, and its full factors. */
    private final List<String> modules;
    private final List<Correction> factors;
    private final List<EpisodeSpec> episodes;
    private final Map<String, FutureTask<EvalSummary>> evaluations = new ConcurrentHashMap<>();
    private final Map<String, Trajectory> traces = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Trajectory> e) {
            return size() > TRACE_CACHE;
        }
    };

    SampleTaskEvaluator(String name, PolicyWeights dense, PolicyWeights pruned, List<String> modules,
            List<Correction> factors, List<EpisodeSpec> episodes) {
        this.name = name;
        this.dense = dense;
        this.pruned = pruned;
        this.modules = List.copyOf(modules);
        this.factors = List.copyOf(factors);
        this.episodes = List.copyOf(episodes);
    }

    /**
     * Reads the policy at the analysed model's path and takes the pruned weights and factors of
     * every analysed layer from {@code engine}. Slow-ish (reads weights): worker thread.
     */
    public static SampleTaskEvaluator create(Analysis analysis, RecoveryEngine engine) {
        return create(analysis, engine, Evaluator.standardEpisodes().size());
    }

    /** The same on the first {@code episodes} episodes of the evaluation set (tests use a few). */
    public static SampleTaskEvaluator create(Analysis analysis, RecoveryEngine engine, int episodes) {
        Path dir = analysis.model().path();
        PolicyWeights dense = PolicyCheckpoint.load(dir);
        Map<String, float[]> prunedByModule = new HashMap<>();
        List<String> modules = new ArrayList<>();
        List<Correction> factors = new ArrayList<>();
        for (LayerAnalysis la : analysis.layers()) {
            LinearLayer layer = la.layer();
            if (!dense.config().modules().contains(layer.modulePath())) {
                throw new IllegalArgumentException("layer " + layer.tensorName() + " is not part of the policy");
            }
            prunedByModule.put(layer.modulePath(), engine.prunedWeights().pruned(layer, engine.readChecked(layer)));
            modules.add(layer.modulePath());
            factors.add(engine.factors().get(layer.tensorName(), engine.factors().storedRank(layer.tensorName())));
        }
        // Layers the analysis left out stay dense, as they do in the exported base.
        PolicyWeights pruned = dense.mapWeights(w -> prunedByModule.getOrDefault(w.module(), w.weight()));
        List<EpisodeSpec> all = Evaluator.standardEpisodes();
        List<EpisodeSpec> set = all.subList(0, Math.max(1, Math.min(episodes, all.size())));
        return new SampleTaskEvaluator(dir.getFileName() + ", " + set.size() + " episodes", dense, pruned, modules,
                factors, set);
    }

    /** The weights for a rank vector: pruned base plus factored corrections (none at rank 0). */
    public PolicyWeights weights(int[] ranks) {
        if (ranks.length != modules.size()) {
            throw new IllegalArgumentException("allocation has " + ranks.length + " ranks for " + modules.size() + " layers");
        }
        Map<String, LowRankCorrection> corr = new LinkedHashMap<>();
        for (int i = 0; i < ranks.length; i++) {
            int r = Math.min(ranks[i], factors.get(i).rank());
            if (r > 0) {
                Correction f = factors.get(i).truncate(r);
                corr.put(modules.get(i), new LowRankCorrection(f.dOut(), f.dIn(), r, f.a(), f.b()));
            }
        }
        return pruned.withCorrections(corr);
    }

    public PolicyWeights denseWeights() {
        return dense;
    }

    @Override
    public String description() {
        return name;
    }

    @Override
    public TaskScore evaluate(Allocation allocation, ProgressSink progress) throws InterruptedException {
        return score(summary(allocation.ranks(), progress));
    }

    @Override
    public TaskScore evaluateDense(ProgressSink progress) throws InterruptedException {
        return score(summary(null, progress));
    }

    /** The whole evaluation for a rank vector (null: dense), cached. */
    public EvalSummary summary(int[] ranks, ProgressSink progress) throws InterruptedException {
        String key = ranks == null ? "dense" : Arrays.toString(ranks);
        PolicyWeights w = ranks == null ? dense : weights(ranks);
        return memo(key, () -> Evaluator.evaluate(w, episodes, (done, total) -> progress.progress(done, total)));
    }

    /** True when the evaluation for this rank vector (null: dense) is cached or running. */
    boolean cached(int[] ranks) {
        return evaluations.containsKey(ranks == null ? "dense" : Arrays.toString(ranks));
    }

    private EvalSummary memo(String key, Callable<EvalSummary> run) throws InterruptedException {
        while (true) {
            FutureTask<EvalSummary> mine = new FutureTask<>(run);
            FutureTask<EvalSummary> task = evaluations.putIfAbsent(key, mine);
            if (task == null) {
                task = mine;
                task.run();
            }
            try {
                return task.get();
            } catch (ExecutionException | CancellationException e) {
                evaluations.remove(key, task);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("evaluation cancelled");
                }
                if (task == mine) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
                // Someone else's run was cancelled under us: run it ourselves.
            }
        }
    }

    private static TaskScore score(EvalSummary s) {
        return new TaskScore(s.successRate(), s.unsafeRate(), s.count());
    }

    // ---- the episode viewer

    @Override
    public int episodeCount() {
        return episodes.size();
    }

    @Override
    public EpisodeScene scene(int episode) {
        EpisodeSpec spec = episodes.get(episode);
        WorldMap m = spec.map();
        List<EpisodeScene.Wall> walls = new ArrayList<>();
        for (Shapes.Segment s : m.walls()) {
            walls.add(new EpisodeScene.Wall(s.x0(), s.y0(), s.x1(), s.y1()));
        }
        List<EpisodeScene.Disc> discs = new ArrayList<>();
        for (Shapes.Circle c : m.circles()) {
            discs.add(new EpisodeScene.Disc(c.x(), c.y(), c.r()));
        }
        List<EpisodeScene.Box> boxes = new ArrayList<>();
        for (Shapes.Box b : m.boxes()) {
            boxes.add(new EpisodeScene.Box(b.minX(), b.minY(), b.maxX(), b.maxY()));
        }
        List<EpisodeScene.Beacon> beacons = new ArrayList<>();
        for (Shapes.Landmark l : m.landmarks()) {
            beacons.add(new EpisodeScene.Beacon(l.colour().word(), l.x(), l.y(), WorldParams.LANDMARK_RADIUS,
                    l.colour() == spec.target()));
        }
        return new EpisodeScene(episode, spec.seed(), spec.instruction(), WorldParams.ARENA, WorldParams.ROBOT_RADIUS,
                WorldParams.REACH_DISTANCE, walls, discs, boxes, beacons, spec.start().x(), spec.start().y(),
                spec.start().theta());
    }

    @Override
    public Trajectory trace(int episode, PolicyVariant variant, Allocation recovered) throws InterruptedException {
        int[] ranks = switch (variant) {
            case DENSE -> null;
            case PRUNED -> new int[modules.size()];
            case RECOVERED -> {
                if (recovered == null) {
                    throw new IllegalArgumentException("the recovered policy needs an allocation");
                }
                yield recovered.ranks();
            }
        };
        String key = episode + "/" + (ranks == null ? "dense" : Arrays.toString(ranks));
        synchronized (traces) {
            Trajectory t = traces.get(key);
            if (t != null) {
                return t.variant() == variant ? t : retag(t, variant);
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("trace cancelled");
        }
        EpisodeTrace tr = Evaluator.trace(ranks == null ? dense : weights(ranks), episodes.get(episode));
        Trajectory t = trajectory(tr, variant);
        synchronized (traces) {
            traces.put(key, t);
        }
        return t;
    }

    private static Trajectory retag(Trajectory t, PolicyVariant v) {
        return new Trajectory(v, t.x(), t.y(), t.theta(), t.end());
    }

    static Trajectory trajectory(EpisodeTrace tr, PolicyVariant variant) {
        List<TraceStep> steps = tr.steps();
        int n = steps.size() + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] th = new double[n];
        x[0] = tr.spec().start().x();
        y[0] = tr.spec().start().y();
        th[0] = tr.spec().start().theta();
        for (int i = 0; i < steps.size(); i++) {
            TraceStep s = steps.get(i);
            x[i + 1] = s.x();
            y[i + 1] = s.y();
            th[i + 1] = s.theta();
        }
        return new Trajectory(variant, x, y, th, end(tr.result().outcome()));
    }

    static EpisodeEnd end(Outcome o) {
        return switch (o) {
            case SUCCESS -> EpisodeEnd.SUCCESS;
            case WRONG_LANDMARK -> EpisodeEnd.WRONG_LANDMARK;
            case COLLISION -> EpisodeEnd.COLLISION;
            case LEFT_ARENA -> EpisodeEnd.LEFT_ARENA;
            case TIMEOUT -> EpisodeEnd.TIMEOUT;
            case RUNNING -> throw new IllegalStateException("episode ended while running");
        };
    }

    @Override
    public List<EpisodeEnd> outcomes(PolicyVariant variant) throws InterruptedException {
        EvalSummary s = switch (variant) {
            case DENSE -> summary(null, ProgressSink.NONE);
            case PRUNED -> summary(new int[modules.size()], ProgressSink.NONE);
            case RECOVERED -> throw new IllegalArgumentException("outcomes of the recovered policy need an allocation");
        };
        List<EpisodeEnd> out = new ArrayList<>();
        for (EpisodeResult r : s.episodes()) {
            out.add(end(r.outcome()));
        }
        return out;
    }
}
