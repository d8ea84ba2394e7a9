package dev.gluestick.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gluestick.model.InputException;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.io.safetensors.TensorBytesSource;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Hugging Face sharded folder: {@code model-0000i-of-0000n.safetensors} shards (each
 * streamed by {@link SafetensorsWriter}) and, last, {@code model.safetensors.index.json}, so a
 * folder with an index is always complete.
 */
public final class ShardedCheckpointWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ShardedCheckpointWriter() {}

    /**
     * Splits tensors, in order, into shards of at most {@code maxShardBytes} (a single larger
     * tensor gets a shard of its own), named the way {@code transformers} names them.
     */
    public static Map<String, List<TensorInfo>> planShards(List<TensorInfo> tensors, long maxShardBytes) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("max shard size " + maxShardBytes);
        }
        List<List<TensorInfo>> groups = new ArrayList<>();
        List<TensorInfo> current = new ArrayList<>();
        long size = 0;
        for (TensorInfo t : tensors) {
            if (!current.isEmpty() && size + t.byteSize() > maxShardBytes) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.byteSize();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        Map<String, List<TensorInfo>> plan = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            plan.put(String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size()), List.copyOf(groups.get(i)));
        }
        return plan;
    }

    /**
     * Writes every shard of {@code plan} into {@code folder} (created if needed) and then the index.
     *
     * @param metadata written into every shard's {@code __metadata__}
     */
    public static void write(Path folder, Map<String, List<TensorInfo>> plan, Map<String, String> metadata,
            TensorBytesSource source, SafetensorsWriter.Overwrite mode) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputException(folder + ": cannot create folder: " + e.getMessage(), e);
        }
        Path index = folder.resolve(ShardIndex.FILE_NAME);
        if (mode == SafetensorsWriter.Overwrite.REFUSE && Files.exists(index)) {
            throw new InputException(index + ": already exists; refusing to overwrite it");
        }
        long total = 0;
        ObjectNode root = JSON.createObjectNode();
        ObjectNode weightMap = JSON.createObjectNode();
        for (Map.Entry<String, List<TensorInfo>> shard : plan.entrySet()) {
            SafetensorsWriter.write(folder.resolve(shard.getKey()), shard.getValue(), metadata, source, mode);
            for (TensorInfo t : shard.getValue()) {
                weightMap.put(t.name(), shard.getKey());
                total += t.byteSize();
            }
        }
        root.putObject("metadata").put("total_size", total);
        root.set("weight_map", weightMap);
        try {
            Path tmp = SafetensorsWriter.temporarySibling(index);
            try {
                Files.writeString(tmp, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize shard index", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + index, e);
        }
    }
}
