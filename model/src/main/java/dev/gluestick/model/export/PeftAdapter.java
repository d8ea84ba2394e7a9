package dev.gluestick.model.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gluestick.model.layers.LinearLayer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Hugging Face PEFT conventions for a LoRA adapter, so any PEFT stack loads the correction
 * with no custom code: {@code y = W x + (alpha / r) B_lora (A_lora x)}, with
 * {@code lora_A.weight = B} (r x d_in), {@code lora_B.weight = A} (d_out x r) and
 * {@code lora_alpha = r} (scaling 1), per layer through {@code rank_pattern}/{@code alpha_pattern}.
 */
public final class PeftAdapter {

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";
    private static final String PREFIX = "base_model.model.";

    private PeftAdapter() {}

    /** {@code base_model.model.<module>.lora_A.weight}: holds B = V_r^T. */
    public static String loraAName(LinearLayer layer) {
        return PREFIX + layer.modulePath() + ".lora_A.weight";
    }

    /** {@code base_model.model.<module>.lora_B.weight}: holds A = U_r diag(s_r). */
    public static String loraBName(LinearLayer layer) {
        return PREFIX + layer.modulePath() + ".lora_B.weight";
    }

    /**
     * The adapter_config.json content. Layers with rank 0 get no adapter and are not targeted.
     * {@code target_modules} lists full module paths (PEFT matches a target when the module name
     * equals it or ends with "." + it), so no unpruned module with the same short name, say a
     * vision tower's q_proj, is ever wrapped by accident.
     *
     * @param layers layers in export order
     * @param ranks rank per layer
     * @param baseModel written as base_model_name_or_path
     *     <p>No extra keys: some PEFT versions reject unknown ones. Provenance lives in the
     *     safetensors {@code __metadata__} and report.json instead.
     */
    public static Map<String, Object> config(List<LinearLayer> layers, int[] ranks, String baseModel) {
        Map<Integer, Integer> counts = new TreeMap<>();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (ranks[i] > 0) {
                counts.merge(ranks[i], 1, Integer::sum);
                targets.add(layers.get(i).modulePath());
            }
        }
        // The most common rank is the default r; the rest go to rank_pattern (ties: the larger rank).
        int r = counts.entrySet().stream()
                .max(Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .orElse(0);
        Map<String, Integer> rankPattern = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (ranks[i] > 0 && ranks[i] != r) {
                rankPattern.put(layers.get(i).modulePath(), ranks[i]);
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("peft_type", "LORA");
        c.put("task_type", null);
        c.put("base_model_name_or_path", baseModel);
        c.put("r", r);
        c.put("lora_alpha", r);
        c.put("rank_pattern", rankPattern);
        c.put("alpha_pattern", new LinkedHashMap<>(rankPattern));
        c.put("target_modules", targets);
        c.put("lora_dropout", 0.0);
        c.put("bias", "none");
        c.put("fan_in_fan_out", false);
        c.put("use_rslora", false);
        c.put("use_dora", false);
        c.put("init_lora_weights", true);
        c.put("inference_mode", true);
        c.put("modules_to_save", null);
        c.put("layers_to_transform", null);
        c.put("layers_pattern", null);
        c.put("revision", null);
        return c;
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
