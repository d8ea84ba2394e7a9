package dev.gluestick.samples.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an exported Hugging Face PEFT LoRA adapter folder ({@code adapter_model.safetensors} +
 * {@code adapter_config.json}) as per-layer corrections for the policy, kept factored.
 *
 * <p>PEFT's {@code lora_A} ({@code r x d_in}) is our B and {@code lora_B} ({@code d_out x r}) our
 * A; PEFT computes {@code W x + (alpha / r) B_peft (A_peft x)}, so the scaling {@code alpha / r}
 * (or {@code alpha / sqrt(r)} with {@code use_rslora}) is folded into A. Per-layer {@code r} and
 * {@code alpha} come from {@code rank_pattern} / {@code alpha_pattern}, whose keys match a module
 * the way PEFT matches them: the key as a regular expression matching the module path or a
 * dot-separated suffix of it.
 */
public final class LoraAdapter {

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";
    private static final String PREFIX = "base_model.model.";
    private static final Pattern KEY = Pattern.compile("base_model\\.model\\.(.+)\\.lora_([AB])\\.weight");

    private LoraAdapter() {}

    /**
     * @throws InputException for a missing or malformed file, a tensor for an unknown module, a
     *     missing half of a pair, shapes that do not match the policy or the configured rank
     */
    public static Map<String, LowRankCorrection> load(Path dir, NavPolicyConfig policy) {
        Path cfgFile = dir.resolve(CONFIG_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(weights)) {
            throw new InputException(dir + ": not a PEFT adapter folder (expected " + CONFIG_FILE + " and " + WEIGHTS_FILE + ")");
        }
        JsonNode cfg;
        try {
            cfg = new ObjectMapper().readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new InputException(cfgFile + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String peftType = cfg.path("peft_type").asText("LORA");
        if (!"LORA".equals(peftType)) {
            throw new InputException(cfgFile + ": peft_type is '" + peftType + "', only LORA is supported");
        }
        if (cfg.path("fan_in_fan_out").asBoolean(false)) {
            throw new InputException(cfgFile + ": fan_in_fan_out adapters (transposed, GPT-2 Conv1D) are not supported");
        }
        if (!cfg.path("r").isIntegralNumber() || cfg.path("r").asInt() <= 0) {
            throw new InputException(cfgFile + ": r must be a positive integer, got " + cfg.path("r"));
        }
        if (!cfg.path("lora_alpha").isNumber()) {
            throw new InputException(cfgFile + ": lora_alpha must be a number, got " + cfg.path("lora_alpha"));
        }
        int defaultRank = cfg.path("r").asInt();
        double defaultAlpha = cfg.path("lora_alpha").asDouble();
        boolean rslora = cfg.path("use_rslora").asBoolean(false);

        Map<String, float[]> loraA = new LinkedHashMap<>();
        Map<String, float[]> loraB = new LinkedHashMap<>();
        Map<String, long[]> shapeA = new LinkedHashMap<>();
        Map<String, long[]> shapeB = new LinkedHashMap<>();
        try (Checkpoint ck = Checkpoints.open(weights)) {
            for (TensorInfo t : ck.tensors()) {
                Matcher m = KEY.matcher(t.name());
                if (!m.matches()) {
                    throw new InputException(weights + ": tensor " + t.name() + " is not a LoRA weight ("
                            + PREFIX + "<module>.lora_A.weight or .lora_B.weight)");
                }
                String module = m.group(1);
                if (!policy.modules().contains(module)) {
                    throw new InputException(weights + ": tensor " + t.name() + " targets module " + module
                            + ", which the policy does not have (" + String.join(", ", policy.modules()) + ")");
                }
                if (t.rank() != 2 || !t.dtype().isComputable()) {
                    throw new InputException(weights + ": tensor " + t.name() + " must be a 2-D float tensor, got "
                            + t.dtype() + " [" + t.shapeString() + "]");
                }
                float[] v = ck.readFloats(t.name());
                for (float x : v) {
                    if (!Float.isFinite(x)) {
                        throw new InputException(weights + ": tensor " + t.name() + " holds NaN or infinite values");
                    }
                }
                if (m.group(2).equals("A")) {
                    loraA.put(module, v);
                    shapeA.put(module, t.shape());
                } else {
                    loraB.put(module, v);
                    shapeB.put(module, t.shape());
                }
            }
        }
        Map<String, LowRankCorrection> out = new LinkedHashMap<>();
        for (int l = 0; l < policy.layerCount(); l++) {
            String module = policy.module(l);
            boolean hasA = loraA.containsKey(module);
            boolean hasB = loraB.containsKey(module);
            if (!hasA && !hasB) {
                continue;
            }
            if (hasA != hasB) {
                throw new InputException(weights + ": module " + module + " has lora_" + (hasA ? "A" : "B")
                        + " but no lora_" + (hasA ? "B" : "A"));
            }
            int rows = policy.outputsOf(l);
            int cols = policy.inputsOf(l);
            long[] sa = shapeA.get(module);
            long[] sb = shapeB.get(module);
            int rank = (int) sa[0];
            if (sa[1] != cols || sb[0] != rows || sb[1] != rank) {
                throw new InputException(weights + ": module " + module + " has lora_A [" + sa[0] + "x" + sa[1]
                        + "] and lora_B [" + sb[0] + "x" + sb[1] + "], expected [r x " + cols + "] and [" + rows + " x r]");
            }
            int configuredRank = patternValue(cfgFile, cfg.path("rank_pattern"), module, defaultRank).intValue();
            double alpha = patternValue(cfgFile, cfg.path("alpha_pattern"), module, defaultAlpha).doubleValue();
            if (configuredRank != rank) {
                throw new InputException(weights + ": module " + module + " has rank " + rank + " but "
                        + CONFIG_FILE + " configures r = " + configuredRank);
            }
            float scale = (float) (rslora ? alpha / Math.sqrt(rank) : alpha / rank);
            float[] a = loraB.get(module);
            if (scale != 1f) {
                for (int i = 0; i < a.length; i++) {
                    a[i] *= scale;
                }
            }
            out.put(module, new LowRankCorrection(rows, cols, rank, a, loraA.get(module)));
        }
        return out;
    }

    /** PEFT's rule: the first pattern key that matches the module path or a dot-suffix of it. */
    static Number patternValue(Path file, JsonNode patterns, String module, Number fallback) {
        if (patterns == null || patterns.isMissingNode() || patterns.isNull()) {
            return fallback;
        }
        if (!patterns.isObject()) {
            throw new InputException(file + ": rank_pattern / alpha_pattern must be objects");
        }
        Iterator<Map.Entry<String, JsonNode>> it = patterns.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean match;
            try {
                match = Pattern.compile("(.*\\.)?(" + e.getKey() + ")$").matcher(module).matches();
            } catch (PatternSyntaxException ex) {
                throw new InputException(file + ": pattern key '" + e.getKey() + "' is not a valid regular expression");
            }
            if (match) {
                if (!e.getValue().isNumber()) {
                    throw new InputException(file + ": pattern value for '" + e.getKey() + "' must be a number");
                }
                return e.getValue().numberValue();
            }
        }
        return fallback;
    }
}
