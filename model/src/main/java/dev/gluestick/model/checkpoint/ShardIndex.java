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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A parsed {@code model.safetensors.index.json}.
 *
 * @param weightMap tensor name -> shard file name, in the file's order
 * @param totalSize {@code metadata.total_size} when present
 */
record ShardIndex(Map<String, String> weightMap, OptionalLong totalSize) {

    static final String FILE_NAME = "model.safetensors.index.json";

    /** Duplicate keys would otherwise silently map a tensor to its last shard. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    ShardIndex {
        weightMap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
    }

    /**
     * Distinct shard names, sorted: {@code model-00001-of-00003} first, whatever order the
     * (usually alphabetical by tensor) weight_map lists them in.
     */
    List<String> shards() {
        return weightMap.values().stream().distinct().sorted().toList();
    }

    static ShardIndex read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll("\\s+", " ");
            if (why.startsWith("Duplicate field")) {
                throw new InputException(file + ": weight_map maps a tensor twice: " + why);
            }
            throw new InputException(file + ": not valid JSON: " + why);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": not a JSON object");
        }
        JsonNode wm = root.get("weight_map");
        if (wm == null || !wm.isObject()) {
            throw new InputException(file + ": has no \"weight_map\" object");
        }
        if (wm.isEmpty()) {
            throw new InputException(file + ": \"weight_map\" is empty");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = wm.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isTextual()) {
                throw new InputException(file + ": weight_map entry for tensor '" + f.getKey() + "' is not a file name");
            }
            String shard = v.textValue();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals(".") || shard.equals("..")) {
                throw new InputException(file + ": weight_map maps tensor '" + f.getKey() + "' to '" + shard
                        + "', which is not a file name in the same folder");
            }
            map.put(f.getKey(), shard);
        }
        OptionalLong total = OptionalLong.empty();
        JsonNode meta = root.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new InputException(file + ": \"metadata\" is not a JSON object");
            }
            JsonNode ts = meta.get("total_size");
            if (ts != null && !ts.isNull()) {
                // Some exporters write total_size as a float (e.g. 13476839424.0); accept whole numbers.
                if (!ts.isNumber() || !ts.canConvertToLong() || ts.doubleValue() != Math.rint(ts.doubleValue())
                        || ts.longValue() < 0) {
                    throw new InputException(file + ": metadata.total_size is not a non-negative integer");
                }
                total = OptionalLong.of(ts.longValue());
            }
        }
        return new ShardIndex(map, total);
    }
}
