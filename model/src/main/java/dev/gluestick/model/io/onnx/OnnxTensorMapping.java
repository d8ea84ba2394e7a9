package dev.gluestick.model.io.onnx;

import java.util.Objects;

/**
 * How one presented tensor relates to the ONNX graph, for the export report.
 *
 * @param presentedName the name the workbench shows and exports, e.g. {@code
 *     encoder.layer.0.attention.self.query.weight}
 * @param initializerName the initializer's name in the ONNX file, e.g. {@code onnx::MatMul_787}
 * @param nodeName the consuming node the layer was found through, e.g. {@code
 *     /encoder/layer.0/attention/self/query/MatMul} (empty when none)
 * @param opType that node's op, {@code MatMul} or {@code Gemm} (empty when none)
 * @param transposed true when the stored {@code [in, out]} matrix is presented as {@code [out, in]}
 * @param renamed true when the presented name was recovered from the node name
 */
public record OnnxTensorMapping(
        String presentedName, String initializerName, String nodeName, String opType, boolean transposed, boolean renamed) {

    public OnnxTensorMapping {
        Objects.requireNonNull(presentedName);
        Objects.requireNonNull(initializerName);
        Objects.requireNonNull(nodeName);
        Objects.requireNonNull(opType);
    }
}
