package dev.gluestick.samples.policy;

import dev.gluestick.samples.world.Sensor;
import dev.gluestick.samples.world.WorldParams;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy architecture: observation -> numHiddenLayers x (Linear + ReLU) of width hiddenSize
 * -> Linear head to the 2 action outputs. Module names follow a Hugging Face module tree
 * ({@code policy.layers.0.fc}, ..., {@code policy.head}) so the engine treats every one as a
 * prunable linear layer.
 */
public record NavPolicyConfig(int hiddenSize, int numHiddenLayers) {

    public static final String MODEL_TYPE = "gluestick-nav-policy";
    public static final int ACTION_SIZE = 2;
    /** The shipped sample's size: 3 x 640 gives 1.01 M linear weights. */
    public static final NavPolicyConfig DEFAULT = new NavPolicyConfig(640, 3);

    public NavPolicyConfig {
        if (hiddenSize <= 0 || hiddenSize % 8 != 0) {
            throw new IllegalArgumentException("hidden size must be a positive multiple of 8: " + hiddenSize);
        }
        if (numHiddenLayers < 1) {
            throw new IllegalArgumentException("need at least one hidden layer: " + numHiddenLayers);
        }
    }

    public static int observationSize() {
        return Sensor.SIZE;
    }

    public int layerCount() {
        return numHiddenLayers + 1;
    }

    public String module(int layer) {
        return layer < numHiddenLayers ? "policy.layers." + layer + ".fc" : "policy.head";
    }

    public int inputsOf(int layer) {
        return layer == 0 ? observationSize() : hiddenSize;
    }

    public int outputsOf(int layer) {
        return layer < numHiddenLayers ? hiddenSize : ACTION_SIZE;
    }

    public List<String> modules() {
        List<String> m = new ArrayList<>();
        for (int l = 0; l < layerCount(); l++) {
            m.add(module(l));
        }
        return m;
    }

    public long linearWeightCount() {
        long n = 0;
        for (int l = 0; l < layerCount(); l++) {
            n += (long) inputsOf(l) * outputsOf(l);
        }
        return n;
    }

    /** Network output 0 -> forward speed, output 1 -> turn rate (clamped to the robot's limits). */
    public static double speed(float a0) {
        return WorldParams.V_MAX * Math.max(0, Math.min(1, (a0 + 1) / 2.0));
    }

    public static double turnRate(float a1) {
        return WorldParams.OMEGA_MAX * Math.max(-1, Math.min(1, a1));
    }

    /** The inverse of {@link #speed} and {@link #turnRate}: training targets from expert commands. */
    public static float[] target(double v, double omega) {
        return new float[] {(float) (2 * v / WorldParams.V_MAX - 1), (float) (omega / WorldParams.OMEGA_MAX)};
    }
}
