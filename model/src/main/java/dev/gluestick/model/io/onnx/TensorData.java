package dev.gluestick.model.io.onnx;

import java.nio.file.Path;

/** Where an initializer's values live; nothing is read until a tensor is requested. */
sealed interface TensorData {

    /** {@code raw_data}: little-endian bytes at this range of the model file. */
    record Raw(Span span) implements TensorData {}

    /**
     * Values in a typed repeated field ({@code float_data}, {@code int32_data}, ...), possibly spread
     * over many packed or unpacked occurrences: decoded on request by re-reading the TensorProto.
     */
    record Typed(Span message, int field) implements TensorData {}

    /** {@code data_location = EXTERNAL}: bytes in another file, already resolved and size-checked. */
    record External(Path file, long offset, long length) implements TensorData {}

    /** No data field at all: only valid for tensors with zero elements. */
    record Empty() implements TensorData {}
}
