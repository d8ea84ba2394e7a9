package dev.gluestick.model.io.safetensors;

import dev.gluestick.model.tensor.TensorInfo;
import java.util.Objects;

/**
 * One tensor of a safetensors header: what it is and where its bytes are.
 *
 * @param info name, dtype and shape
 * @param begin first byte, relative to the start of the data section (after the header)
 * @param end one past the last byte, relative to the data section
 */
public record SafetensorsEntry(TensorInfo info, long begin, long end) {

    public SafetensorsEntry {
        Objects.requireNonNull(info, "info");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("bad offsets for " + info.name() + ": [" + begin + ", " + end + ")");
        }
    }

    public String name() {
        return info.name();
    }

    public long byteLength() {
        return end - begin;
    }
}
