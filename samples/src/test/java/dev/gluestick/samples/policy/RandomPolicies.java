package dev.gluestick.samples.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random weights and corrections for tests. */
public final class RandomPolicies {

    private RandomPolicies() {}

    public static PolicyWeights dense(NavPolicyConfig cfg, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LinearWeights> ls = new ArrayList<>();
        for (int l = 0; l < cfg.layerCount(); l++) {
            int in = cfg.inputsOf(l);
            int out = cfg.outputsOf(l);
            ls.add(new LinearWeights(cfg.module(l), out, in, gaussian(rnd, out * in, Math.sqrt(2.0 / in)),
                    gaussian(rnd, out, 0.05)));
        }
        return PolicyWeights.dense(cfg, ls);
    }

    /** Corrections for every layer but the first (so "absent for some layers" is covered). */
    public static Map<String, LowRankCorrection> corrections(NavPolicyConfig cfg, int rank, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, LowRankCorrection> m = new LinkedHashMap<>();
        for (int l = 1; l < cfg.layerCount(); l++) {
            int in = cfg.inputsOf(l);
            int out = cfg.outputsOf(l);
            m.put(cfg.module(l), new LowRankCorrection(out, in, rank, gaussian(rnd, out * rank, 0.1),
                    gaussian(rnd, rank * in, 1 / Math.sqrt(in))));
        }
        return m;
    }

    public static float[] gaussian(SplittableRandom rnd, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return v;
    }
}
