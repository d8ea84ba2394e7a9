package dev.gluestick.model.io.onnx;

import dev.gluestick.model.tensor.TensorInfo;
import java.util.Objects;

/**
 * One initializer as the workbench sees it: presented name, dtype and PyTorch-layout shape, the
 * ONNX tensor behind it, and whether reading it transposes {@code [in, out]} to {@code [out, in]}.
 */
record PresentedTensor(TensorInfo info, OnnxTensor source, boolean transposed, boolean linear, OnnxTensorMapping mapping) {

    PresentedTensor {
        Objects.requireNonNull(info);
        Objects.requireNonNull(source);
        Objects.requireNonNull(mapping);
    }
}
