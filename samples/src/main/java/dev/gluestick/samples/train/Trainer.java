package dev.gluestick.samples.train;

import dev.gluestick.samples.expert.EpisodeGenerator;
import dev.gluestick.samples.expert.Expert;
import dev.gluestick.samples.policy.LinearWeights;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyNetwork;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Outcome;
import dev.gluestick.samples.world.Sensor;
import dev.gluestick.samples.world.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Behaviour cloning from the expert with DAgger relabelling, trained with ND4J SameDiff
 * (autodiff + Adam). Every random choice (weight init, episodes, shuffling, rollouts) comes from
 * the config's seed through Java's SplittableRandom, so a run is reproducible.
 *
 * <p>DAgger: after cloning the demonstrations, the current policy drives fresh training episodes
 * (with the expert taking over on a seeded coin flip with probability beta = 0.5^round, and the
 * episode continuing until its end); every state it visits is labelled with the expert's action
 * and added to the data.
 */
public final class Trainer {

    private final TrainConfig cfg;
    private final Consumer<String> log;
    private final NavPolicyConfig arch;
    private final SameDiff sd;
    private final List<SDVariable> weights = new ArrayList<>();
    private final List<SDVariable> biases = new ArrayList<>();

    public Trainer(TrainConfig cfg, Consumer<String> log) {
        this.cfg = cfg;
        this.log = log;
        this.arch = cfg.architecture();
        this.sd = SameDiff.create();
        SplittableRandom init = new SplittableRandom(EpisodeGenerator.mix(cfg.seed(), 1));
        SDVariable x = sd.placeHolder("obs", DataType.FLOAT, -1, NavPolicyConfig.observationSize());
        SDVariable label = sd.placeHolder("target", DataType.FLOAT, -1, NavPolicyConfig.ACTION_SIZE);
        SDVariable h = x;
        for (int l = 0; l < arch.layerCount(); l++) {
            int nIn = arch.inputsOf(l);
            int nOut = arch.outputsOf(l);
            // He init for ReLU layers, smaller for the head so initial actions are near zero.
            double std = l < arch.numHiddenLayers() ? Math.sqrt(2.0 / nIn) : Math.sqrt(0.1 / nIn);
            float[] w = new float[nIn * nOut];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (init.nextGaussian() * std);
            }
            SDVariable wv = sd.var("w" + l, Nd4j.create(w, new long[] {nIn, nOut}, 'c'));
            SDVariable bv = sd.var("b" + l, Nd4j.zeros(DataType.FLOAT, 1, nOut));
            weights.add(wv);
            biases.add(bv);
            h = h.mmul(wv).add(bv);
            if (l < arch.numHiddenLayers()) {
                h = sd.nn.relu(h, 0);
            }
        }
        SDVariable out = h.rename("action");
        sd.loss.meanSquaredError("loss", label, out, null);
        sd.setLossVariables("loss");
        setLearningRate(cfg.learningRate());
    }

    private void setLearningRate(double lr) {
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(lr))
                .dataSetFeatureMapping("obs")
                .dataSetLabelMapping("target")
                .build());
    }

    /**
     * Runs the whole recipe and returns the trained weights.
     *
     * <p>Runs ND4J and OpenBLAS single-threaded: on a shared 2-core machine the libnd4j thread
     * pool's spin-waiting made a training step 4-6x slower than one thread (measured: 1.0 s vs
     * 0.16 s per 256-sample batch). The result does not depend on it.
     */
    public PolicyWeights train() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        Demonstrations data = new Demonstrations(NavPolicyConfig.observationSize(), NavPolicyConfig.ACTION_SIZE);
        List<EpisodeSpec> demos = EpisodeGenerator.trainingSet(cfg.seed(), cfg.demoEpisodes());
        SplittableRandom rollRnd = new SplittableRandom(EpisodeGenerator.mix(cfg.seed(), 2));
        for (EpisodeSpec spec : demos) {
            rollout(spec, null, 1.0, rollRnd, data);
        }
        log.accept(String.format("behaviour cloning: %d demonstrations from %d expert episodes", data.count(), demos.size()));
        SplittableRandom shuffle = new SplittableRandom(EpisodeGenerator.mix(cfg.seed(), 3));
        fit(data, cfg.demoEpochs(), shuffle, "bc");
        double lr = cfg.learningRate();
        for (int round = 1; round <= cfg.daggerRounds(); round++) {
            PolicyWeights current = weights();
            PolicyNetwork net = new PolicyNetwork(current);
            double beta = Math.pow(0.5, round);
            List<EpisodeSpec> eps = EpisodeGenerator.trainingSet(EpisodeGenerator.mix(cfg.seed(), 100 + round), cfg.daggerEpisodes());
            int before = data.count();
            int successes = 0;
            for (EpisodeSpec spec : eps) {
                successes += rollout(spec, net, beta, rollRnd, data) == Outcome.SUCCESS ? 1 : 0;
            }
            log.accept(String.format("dagger round %d: beta %.3f, %d/%d rollouts succeeded, +%d labelled states (%d total)",
                    round, beta, successes, eps.size(), data.count() - before, data.count()));
            lr = Math.max(cfg.learningRate() / 10, lr * 0.5);
            setLearningRate(lr);
            fit(data, cfg.daggerEpochs(), shuffle, "dagger " + round);
        }
        if (cfg.finalEpochs() > 0) {
            setLearningRate(cfg.learningRate() / 10);
            fit(data, cfg.finalEpochs(), shuffle, "final");
        }
        return weights();
    }

    /**
     * Drives one episode; the policy acts unless it is null or the expert takes over (probability
     * beta per step). Every visited state is recorded with the expert's action.
     */
    private static Outcome rollout(
            EpisodeSpec spec, PolicyNetwork net, double beta, SplittableRandom rnd, Demonstrations data) {
        Expert expert = new Expert(spec);
        Simulator sim = new Simulator(spec);
        int[] tokens = spec.tokens();
        float[] obs = new float[Sensor.SIZE];
        float[] a = new float[NavPolicyConfig.ACTION_SIZE];
        Outcome o = Outcome.RUNNING;
        while (!o.isTerminal()) {
            Sensor.observe(sim, tokens, obs, 0);
            double[] e = expert.act(sim);
            data.add(obs, NavPolicyConfig.target(e[0], e[1]));
            boolean expertDrives = net == null || rnd.nextDouble() < beta;
            if (expertDrives) {
                o = sim.step(e[0], e[1]);
            } else {
                net.forward(obs, 0, a);
                o = sim.step(NavPolicyConfig.speed(a[0]), NavPolicyConfig.turnRate(a[1]));
            }
        }
        return o;
    }

    private void fit(Demonstrations data, int epochs, SplittableRandom shuffle, String phase) {
        int n = data.count();
        int bs = cfg.batchSize();
        int obsSize = NavPolicyConfig.observationSize();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            long t0 = System.nanoTime();
            sd.fit(new EpochIterator(data, idx, bs, obsSize, NavPolicyConfig.ACTION_SIZE), 1);
            // Loss on a fixed probe of the data (the first rows), for the log only.
            int probe = Math.min(n, 2048);
            int[] first = new int[probe];
            for (int i = 0; i < probe; i++) {
                first[i] = i;
            }
            float[] px = new float[probe * obsSize];
            float[] py = new float[probe * NavPolicyConfig.ACTION_SIZE];
            data.gather(first, 0, probe, px, py);
            double loss = sd.output(java.util.Map.of(
                            "obs", Nd4j.create(px, new long[] {probe, obsSize}, 'c'),
                            "target", Nd4j.create(py, new long[] {probe, NavPolicyConfig.ACTION_SIZE}, 'c')),
                    "loss").get("loss").getDouble(0);
            log.accept(String.format("%s epoch %d/%d: loss %.5f on %d samples, %d batches (%.1f s)",
                    phase, epoch + 1, epochs, loss, probe, n / bs, (System.nanoTime() - t0) / 1e9));
        }
    }

    /** The current weights, in PyTorch layout ([d_out, d_in]). */
    public PolicyWeights weights() {
        List<LinearWeights> ls = new ArrayList<>();
        for (int l = 0; l < arch.layerCount(); l++) {
            INDArray w = weights.get(l).getArr().transpose().dup('c');
            INDArray b = biases.get(l).getArr();
            ls.add(new LinearWeights(arch.module(l), arch.outputsOf(l), arch.inputsOf(l),
                    w.data().asFloat(), b.dup('c').data().asFloat()));
        }
        return PolicyWeights.dense(arch, ls);
    }
}
