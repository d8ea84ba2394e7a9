package dev.gluestick.samples.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyNetworkTest {

    private static final NavPolicyConfig SMALL = new NavPolicyConfig(64, 2);

    /** y = W x + b with ReLU between layers, in double, straight from the definition. */
    private static double[] reference(PolicyWeights w, float[] obs) {
        double[] x = new double[obs.length];
        for (int i = 0; i < obs.length; i++) {
            x[i] = obs[i];
        }
        List<LinearWeights> ls = w.layers();
        for (int l = 0; l < ls.size(); l++) {
            LinearWeights lw = ls.get(l);
            float[] wt = lw.weight();
            float[] b = lw.bias();
            float[] full = wt;
            LowRankCorrection c = w.corrections().get(lw.module());
            if (c != null) {
                float[] p = c.product();
                full = wt.clone();
                for (int i = 0; i < full.length; i++) {
                    full[i] += p[i];
                }
            }
            double[] y = new double[lw.rows()];
            for (int o = 0; o < lw.rows(); o++) {
                double s = b[o];
                for (int i = 0; i < lw.cols(); i++) {
                    s += (double) full[o * lw.cols() + i] * x[i];
                }
                y[o] = l < ls.size() - 1 ? Math.max(0, s) : s;
            }
            x = y;
        }
        return x;
    }

    private static float[] observation(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] obs = new float[NavPolicyConfig.observationSize()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = rnd.nextInt(4) == 0 ? 0f : (float) rnd.nextDouble();
        }
        return obs;
    }

    @Test
    void denseForwardMatchesTheDefinition() {
        PolicyWeights w = RandomPolicies.dense(SMALL, 1);
        PolicyNetwork net = new PolicyNetwork(w);
        float[] a = new float[2];
        for (long s = 0; s < 5; s++) {
            float[] obs = observation(s);
            net.forward(obs, 0, a);
            double[] ref = reference(w, obs);
            assertThat((double) a[0]).isCloseTo(ref[0], within(1e-4));
            assertThat((double) a[1]).isCloseTo(ref[1], within(1e-4));
        }
    }

    @Test
    void factoredAndMergedCorrectionsAgreeWithinTolerance() {
        PolicyWeights base = RandomPolicies.dense(SMALL, 2);
        PolicyWeights factored = base.withCorrections(RandomPolicies.corrections(SMALL, 8, 3));
        PolicyWeights merged = factored.merged();
        assertThat(merged.isFactored()).isFalse();
        PolicyNetwork f = new PolicyNetwork(factored);
        PolicyNetwork m = new PolicyNetwork(merged);
        PolicyNetwork plain = new PolicyNetwork(base);
        float[] af = new float[2];
        float[] am = new float[2];
        float[] ap = new float[2];
        double maxEffect = 0;
        for (long s = 0; s < 20; s++) {
            float[] obs = observation(100 + s);
            f.forward(obs, 0, af);
            m.forward(obs, 0, am);
            plain.forward(obs, 0, ap);
            double[] ref = reference(factored, obs);
            assertThat(af[0]).isCloseTo(am[0], within(1e-4f));
            assertThat(af[1]).isCloseTo(am[1], within(1e-4f));
            assertThat((double) af[0]).isCloseTo(ref[0], within(1e-4));
            maxEffect = Math.max(maxEffect, Math.abs(af[0] - ap[0]));
        }
        // The correction really acts (the agreement above is not between two uncorrected nets).
        assertThat(maxEffect).isGreaterThan(1e-2);
    }

    @Test
    void sampleSizeHasAMillionLinearWeightsInWideLayers() {
        NavPolicyConfig c = NavPolicyConfig.DEFAULT;
        assertThat(c.linearWeightCount()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(c.hiddenSize()).isGreaterThanOrEqualTo(256);
        assertThat(c.modules()).containsExactly("policy.layers.0.fc", "policy.layers.1.fc", "policy.layers.2.fc", "policy.head");
        for (int l = 0; l < c.layerCount(); l++) {
            assertThat(c.inputsOf(l) % 8).isZero();
        }
    }
}
