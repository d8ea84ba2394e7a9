package dev.gluestick.model.checkpoint;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of a Hugging Face {@code config.json} the workbench shows, plus the raw JSON text so
 * exports can copy it unchanged.
 *
 * @param modelType {@code model_type}, e.g. "llama", or "unknown"
 * @param architectures {@code architectures}, possibly empty
 * @param sizes integer fields such as hidden_size, intermediate_size, num_hidden_layers,
 *     num_attention_heads, vocab_size (whichever are present)
 */
public record ModelConfig(String modelType, java.util.List<String> architectures, Map<String, Long> sizes) {

    public ModelConfig {
        architectures = java.util.List.copyOf(architectures);
        sizes = Map.copyOf(sizes);
    }

    public OptionalInt size(String key) {
        Long v = sizes.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(Math.toIntExact(v));
    }

    public Optional<String> firstArchitecture() {
        return architectures.isEmpty() ? Optional.empty() : Optional.of(architectures.get(0));
    }
}
