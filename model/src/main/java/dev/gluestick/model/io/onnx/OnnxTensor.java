package dev.gluestick.model.io.onnx;

import java.util.Objects;
import java.util.Optional;

/**
 * One graph initializer as stored in the ONNX file: its ONNX name, type, dims ({@code [in, out]}
 * for a MatMul weight) and where its values are.
 *
 * @param dataType the ONNX type, empty when the code is one this reader does not know
 * @param dataTypeCode the raw {@code data_type} code
 */
record OnnxTensor(String name, Optional<OnnxDataType> dataType, long dataTypeCode, long[] dims, TensorData data) {

    OnnxTensor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(dataType);
        Objects.requireNonNull(data);
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    int rank() {
        return dims.length;
    }

    long dim(int i) {
        return dims[i];
    }
}
