package dev.gluestick.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gluestick.app.Version;
import dev.gluestick.model.InputException;
import dev.gluestick.samples.eval.Calibration;
import dev.gluestick.samples.eval.EvalSummary;
import dev.gluestick.samples.eval.Evaluator;
import dev.gluestick.samples.expert.EpisodeGenerator;
import dev.gluestick.samples.policy.LoraAdapter;
import dev.gluestick.samples.policy.PolicyCheckpoint;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.train.TrainConfig;
import dev.gluestick.samples.train.Trainer;
import dev.gluestick.samples.world.Outcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gluestick sample train|eval}: the bundled navigation policy, retrained or evaluated closed-loop. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "The bundled language-conditioned navigation policy: retrain it or evaluate it closed-loop.",
        subcommands = {SampleCommand.Train.class, SampleCommand.Eval.class, SampleCommand.Calibrate.class})
public final class SampleCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Trains the policy from scratch (behaviour cloning + DAgger, ND4J SameDiff) into a new folder.")
    static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "Output folder (must not exist or be empty).")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--quick", description = "A shorter recipe (fewer episodes and rounds).")
        boolean quick;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path target = out.toAbsolutePath().normalize();
            if (Files.exists(target) && !(Files.isDirectory(target) && isEmpty(target))) {
                throw new InputException(target + ": output folder already exists and is not empty");
            }
            TrainConfig cfg = quick ? TrainConfig.quick(seed) : TrainConfig.full(seed);
            long t0 = System.nanoTime();
            PolicyWeights w = new Trainer(cfg, line -> {
                err.println(line);
                err.flush();
            }).train();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("gluestick.version", Version.get());
            meta.put("gluestick.sample.seed", Long.toString(seed));
            meta.put("gluestick.sample.recipe", cfg.toString());
            PolicyCheckpoint.save(w, target, meta);
            spec.commandLine().getOut().printf(Locale.ROOT, "trained %s in %.0f s -> %s%n",
                    quick ? "(quick)" : "", (System.nanoTime() - t0) / 1e9, target);
            return GluestickCommand.EXIT_OK;
        }

        private static boolean isEmpty(Path p) {
            try (var s = Files.list(p)) {
                return s.findAny().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "Writes Wanda calibration norms (||X_j||_2 per input channel of every layer) from expert-driven states.")
    static final class Calibrate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MODEL", description = "Dense policy folder.")
        Path model;

        @Option(names = "--out", required = true, description = "Calibration .safetensors file to write (must not exist).")
        Path out;

        @Option(names = "--episodes", defaultValue = "64", description = "Expert episodes (default: ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the (training-stream) episodes.")
        long seed;

        @Override
        public Integer call() {
            if (episodes < 1 || episodes > 100_000) {
                throw new InputException("--episodes must be between 1 and 100000, got " + episodes);
            }
            if (Files.exists(out)) {
                throw new InputException(out + ": already exists");
            }
            PolicyWeights w = PolicyCheckpoint.load(model);
            Calibration.write(Calibration.collect(w, episodes, seed), out);
            spec.commandLine().getOut().println("wrote " + out);
            return GluestickCommand.EXIT_OK;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Runs the policy closed-loop on the fixed evaluation set: success rate, unsafe rate, mean episode length.")
    static final class Eval implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MODEL", description = "Policy folder (config.json + model.safetensors).")
        Path model;

        @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter folder, applied factored: Wp x + A (B x).")
        Path adapter;

        @Option(names = "--episodes", defaultValue = "200", description = "Episodes (default: ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--seed", description = "Episode seed (default: the fixed evaluation set's seed).")
        Long seed;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (episodes < 1 || episodes > 100_000) {
                throw new InputException("--episodes must be between 1 and 100000, got " + episodes);
            }
            PolicyWeights w = PolicyCheckpoint.load(model);
            if (adapter != null) {
                w = w.withCorrections(LoraAdapter.load(adapter, w.config()));
            }
            long s = seed == null ? EpisodeGenerator.EVALUATION_SEED : seed;
            EvalSummary r = Evaluator.evaluate(w, episodes, s, Evaluator.Progress.NONE);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode root = m.createObjectNode();
                root.put("model", model.toString());
                root.put("adapter", adapter == null ? null : adapter.toString());
                root.put("episodes", r.count());
                root.put("seed", s);
                root.put("success_rate", r.successRate());
                root.put("unsafe_rate", r.unsafeRate());
                root.put("mean_steps", r.meanSteps());
                ObjectNode oc = root.putObject("outcomes");
                for (Outcome o : Outcome.values()) {
                    if (o != Outcome.RUNNING) {
                        oc.put(o.name().toLowerCase(Locale.ROOT), r.outcomes().getOrDefault(o, 0));
                    }
                }
                out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                out.printf(Locale.ROOT, "episodes     %d (seed %d)%n", r.count(), s);
                out.printf(Locale.ROOT, "success      %.1f%%%n", 100 * r.successRate());
                out.printf(Locale.ROOT, "unsafe       %.1f%%%n", 100 * r.unsafeRate());
                out.printf(Locale.ROOT, "mean length  %.1f steps%n", r.meanSteps());
                out.printf(Locale.ROOT, "outcomes     %s%n", r.outcomes());
            }
            return GluestickCommand.EXIT_OK;
        }
    }
}
