package dev.gluestick.samples.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The weights the policy runs with, in one of three forms: dense {@code W}; a (pruned) base plus
 * per-layer corrections applied factored as {@code Wp x + A (B x)}, exactly as deployed (some
 * layers may have none); or {@link #merged() merged} {@code Wp + A B}. Immutable.
 */
public final class PolicyWeights {

    private final NavPolicyConfig config;
    private final List<LinearWeights> layers;
    private final Map<String, LowRankCorrection> corrections;

    public PolicyWeights(NavPolicyConfig config, List<LinearWeights> layers, Map<String, LowRankCorrection> corrections) {
        this.config = config;
        this.layers = List.copyOf(layers);
        this.corrections = Collections.unmodifiableMap(new LinkedHashMap<>(corrections));
        if (this.layers.size() != config.layerCount()) {
            throw new IllegalArgumentException("expected " + config.layerCount() + " layers, got " + layers.size());
        }
        for (int l = 0; l < this.layers.size(); l++) {
            LinearWeights w = this.layers.get(l);
            if (!w.module().equals(config.module(l)) || w.rows() != config.outputsOf(l) || w.cols() != config.inputsOf(l)) {
                throw new IllegalArgumentException("layer " + l + " does not match the config: " + w.module()
                        + " " + w.rows() + "x" + w.cols());
            }
            LowRankCorrection c = this.corrections.get(w.module());
            if (c != null && (c.rows() != w.rows() || c.cols() != w.cols())) {
                throw new IllegalArgumentException("correction shape does not match " + w.module());
            }
        }
        for (String m : this.corrections.keySet()) {
            if (!config.modules().contains(m)) {
                throw new IllegalArgumentException("correction for unknown module " + m);
            }
        }
    }

    public static PolicyWeights dense(NavPolicyConfig config, List<LinearWeights> layers) {
        return new PolicyWeights(config, layers, Map.of());
    }

    public NavPolicyConfig config() {
        return config;
    }

    public List<LinearWeights> layers() {
        return layers;
    }

    public LinearWeights layer(String module) {
        for (LinearWeights w : layers) {
            if (w.module().equals(module)) {
                return w;
            }
        }
        throw new IllegalArgumentException("no layer " + module);
    }

    public Map<String, LowRankCorrection> corrections() {
        return corrections;
    }

    public boolean isFactored() {
        return !corrections.isEmpty();
    }

    /** The same base with these corrections (replacing any present). */
    public PolicyWeights withCorrections(Map<String, LowRankCorrection> newCorrections) {
        return new PolicyWeights(config, layers, newCorrections);
    }

    /** Each layer's weight replaced by {@code f(layer)} (e.g. a pruner); corrections dropped. */
    public PolicyWeights mapWeights(Function<LinearWeights, float[]> f) {
        List<LinearWeights> out = new ArrayList<>();
        for (LinearWeights w : layers) {
            out.add(w.withWeight(f.apply(w)));
        }
        return new PolicyWeights(config, out, Map.of());
    }

    /** {@code Wp + A B} per layer, no corrections left. */
    public PolicyWeights merged() {
        List<LinearWeights> out = new ArrayList<>();
        for (LinearWeights w : layers) {
            LowRankCorrection c = corrections.get(w.module());
            if (c == null) {
                out.add(w);
                continue;
            }
            float[] m = w.weight();
            float[] p = c.product();
            for (int i = 0; i < m.length; i++) {
                m[i] += p[i];
            }
            out.add(w.withWeight(m));
        }
        return new PolicyWeights(config, out, Map.of());
    }
}
