package dev.gluestick.model.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}: {@code model_type},
 * {@code architectures}, and every integer field at the top level and one level down in nested
 * {@code *_config} objects (VLA configs keep the language model's sizes in {@code text_config};
 * those are keyed {@code text_config.hidden_size}).
 */
public final class ModelConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ModelConfigReader() {}

    /** Reads {@code folder/config.json} when it exists. */
    public static Optional<ModelConfig> readIfPresent(Path folder) {
        Path file = folder.resolve("config.json");
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InputException(file + ": not valid JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": not a JSON object");
        }
        String modelType = "unknown";
        JsonNode mt = root.get("model_type");
        if (mt != null && !mt.isNull()) {
            if (!mt.isTextual()) {
                throw new InputException(file + ": \"model_type\" is not a string");
            }
            modelType = mt.textValue();
        }
        List<String> architectures = new ArrayList<>();
        JsonNode arch = root.get("architectures");
        if (arch != null && !arch.isNull()) {
            if (!arch.isArray()) {
                throw new InputException(file + ": \"architectures\" is not a list of strings");
            }
            for (JsonNode a : arch) {
                if (!a.isTextual()) {
                    throw new InputException(file + ": \"architectures\" is not a list of strings");
                }
                architectures.add(a.textValue());
            }
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        collectIntegers(root, "", sizes);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().endsWith("_config") && f.getValue().isObject()) {
                collectIntegers(f.getValue(), f.getKey() + ".", sizes);
            }
        }
        return new ModelConfig(modelType, architectures, sizes);
    }

    private static void collectIntegers(JsonNode obj, String prefix, Map<String, Long> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            // ModelConfig.size() narrows to int; values beyond int (rare seeds, ids) are skipped.
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                out.put(prefix + f.getKey(), v.longValue());
            }
        }
    }
}
