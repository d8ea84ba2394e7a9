package dev.gluestick.model.io.safetensors;

import dev.gluestick.model.tensor.TensorInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated safetensors header.
 *
 * @param entries tensors in data order (ascending offsets), which is the order the file stores them
 * @param metadata the {@code __metadata__} object, empty when absent
 * @param headerLength the length of the JSON header in bytes (the data section starts at
 *     {@code 8 + headerLength})
 */
public record SafetensorsHeader(List<SafetensorsEntry> entries, Map<String, String> metadata, long headerLength) {

    public SafetensorsHeader {
        entries = List.copyOf(entries);
        // Map.copyOf would lose the file's key order; keep it for stable output.
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Absolute file offset of the first data byte. */
    public long dataStart() {
        return 8 + headerLength;
    }

    /** Length of the data section (the last tensor's end, 0 for a file without tensors). */
    public long dataLength() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
    }

    public List<TensorInfo> tensors() {
        return entries.stream().map(SafetensorsEntry::info).toList();
    }

    public Optional<SafetensorsEntry> entry(String name) {
        for (SafetensorsEntry e : entries) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
