package dev.gluestick.samples.eval;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.samples.expert.EpisodeGenerator;
import dev.gluestick.samples.expert.Expert;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyNetwork;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Outcome;
import dev.gluestick.samples.world.Sensor;
import dev.gluestick.samples.world.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wanda calibration statistics for the policy: the input-channel norms {@code ||X_j||_2} of every
 * linear layer, collected by running the dense policy on the states the expert visits in
 * training-stream episodes (never the evaluation episodes). Written in the engine's calibration
 * format: a safetensors file mapping each module path to a float32 vector of length d_in.
 */
public final class Calibration {

    private Calibration() {}

    /** Norms per module, from {@code episodes} expert-driven episodes of the training stream for {@code seed}. */
    public static Map<String, float[]> collect(PolicyWeights weights, int episodes, long seed) {
        NavPolicyConfig cfg = weights.config();
        double[][] sums = new double[cfg.layerCount()][];
        for (int l = 0; l < cfg.layerCount(); l++) {
            sums[l] = new double[cfg.inputsOf(l)];
        }
        PolicyNetwork net = new PolicyNetwork(weights);
        float[] obs = new float[Sensor.SIZE];
        float[] a = new float[NavPolicyConfig.ACTION_SIZE];
        for (EpisodeSpec spec : EpisodeGenerator.trainingSet(seed, episodes)) {
            Expert expert = new Expert(spec);
            Simulator sim = new Simulator(spec);
            int[] tokens = spec.tokens();
            Outcome o = Outcome.RUNNING;
            while (!o.isTerminal()) {
                Sensor.observe(sim, tokens, obs, 0);
                net.forward(obs, 0, a);
                net.accumulateInputSquares(sums);
                double[] e = expert.act(sim);
                o = sim.step(e[0], e[1]);
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int l = 0; l < cfg.layerCount(); l++) {
            float[] n = new float[sums[l].length];
            for (int i = 0; i < n.length; i++) {
                n[i] = (float) Math.sqrt(sums[l][i]);
            }
            out.put(cfg.module(l), n);
        }
        return out;
    }

    /** Writes the norms as the engine's calibration file (refuses to overwrite). */
    public static void write(Map<String, float[]> norms, Path file) {
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<String, float[]> e : norms.entrySet()) {
            infos.add(new TensorInfo(e.getKey(), DType.F32, new long[] {e.getValue().length}));
        }
        SafetensorsWriter.writeFloats(file, infos, norms, Map.of("gluestick.calibration", "input-channel L2 norms on expert states"),
                SafetensorsWriter.Overwrite.REFUSE);
    }
}
