package dev.gluestick.samples.eval;

import dev.gluestick.samples.expert.EpisodeGenerator;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyNetwork;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Outcome;
import dev.gluestick.samples.world.Sensor;
import dev.gluestick.samples.world.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a policy closed-loop in the world, with its weights exactly in the given form (dense,
 * factored {@code Wp x + A (B x)}, or merged). Episodes are independent, so results do not
 * depend on the number of threads.
 */
public final class Evaluator {

    /** Progress: episodes done out of the total. */
    @FunctionalInterface
    public interface Progress {
        void done(int finished, int total);

        Progress NONE = (f, t) -> {};
    }

    private Evaluator() {}

    /** Generated once (about a second): the window evaluates many ranks on the same set. */
    private static final class Standard {
        static final List<EpisodeSpec> EPISODES = EpisodeGenerator.evaluationSet(EpisodeGenerator.EVALUATION_EPISODES);
    }

    /** The fixed evaluation set: the same 200 episodes everywhere. */
    public static List<EpisodeSpec> standardEpisodes() {
        return Standard.EPISODES;
    }

    /** Evaluates on {@code episodes} episodes of the stream for {@code seed} (the evaluation seed for the standard set). */
    public static EvalSummary evaluate(PolicyWeights weights, int episodes, long seed, Progress progress) {
        List<EpisodeSpec> specs = seed == EpisodeGenerator.EVALUATION_SEED && episodes <= Standard.EPISODES.size()
                ? Standard.EPISODES.subList(0, episodes)
                : EpisodeGenerator.episodes(seed, episodes);
        return evaluate(weights, specs, progress);
    }

    public static EvalSummary evaluate(PolicyWeights weights, List<EpisodeSpec> episodes, Progress progress) {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        EpisodeResult[] results = new EpisodeResult[episodes.size()];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gluestick-sample-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                fs.add(pool.submit(() -> {
                    PolicyNetwork net = new PolicyNetwork(weights);
                    for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        results[i] = run(net, episodes.get(i), null);
                        progress.done(done.incrementAndGet(), results.length);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new EvalSummary(List.of(results));
    }

    /** One episode with every step recorded, for the episode viewer. */
    public static EpisodeTrace trace(PolicyWeights weights, EpisodeSpec spec) {
        List<TraceStep> steps = new ArrayList<>();
        EpisodeResult r = run(new PolicyNetwork(weights), spec, steps);
        return new EpisodeTrace(spec, steps, r);
    }

    /** Runs one episode; records steps when {@code trace} is not null. */
    static EpisodeResult run(PolicyNetwork net, EpisodeSpec spec, List<TraceStep> trace) {
        Simulator sim = new Simulator(spec);
        int[] tokens = spec.tokens();
        float[] obs = new float[Sensor.SIZE];
        float[] a = new float[NavPolicyConfig.ACTION_SIZE];
        Outcome o = Outcome.RUNNING;
        while (!o.isTerminal()) {
            Sensor.observe(sim, tokens, obs, 0);
            net.forward(obs, 0, a);
            o = sim.step(NavPolicyConfig.speed(a[0]), NavPolicyConfig.turnRate(a[1]));
            if (trace != null) {
                trace.add(new TraceStep(sim.steps(), sim.x(), sim.y(), sim.theta(), sim.v(), sim.omega(), o));
            }
        }
        return new EpisodeResult(spec.index(), spec.seed(), o, sim.steps());
    }
}
