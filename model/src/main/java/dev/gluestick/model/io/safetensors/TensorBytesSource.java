package dev.gluestick.model.io.safetensors;

import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Supplies one tensor's bytes to a streaming {@link SafetensorsWriter}: called once per tensor, in
 * header order, it must write exactly {@link TensorInfo#byteSize()} little-endian bytes to
 * {@code out}. Only one tensor is ever asked for at a time, so an export never holds more than the
 * tensor it is producing.
 */
@FunctionalInterface
public interface TensorBytesSource {
    void write(TensorInfo tensor, WritableByteChannel out) throws IOException;
}
