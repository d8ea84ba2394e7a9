package dev.gluestick.model.layers;

import dev.gluestick.model.tensor.DType;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A prunable linear layer: a 2-D weight {@code [d_out, d_in]} in a checkpoint.
 *
 * @param tensorName the weight tensor, e.g. {@code model.layers.3.mlp.down_proj.weight}
 * @param modulePath the module, e.g. {@code model.layers.3.mlp.down_proj} (the name PEFT uses)
 * @param rows d_out
 * @param cols d_in
 * @param dtype the stored dtype
 * @param block transformer block index parsed from the path ({@code layers.3}, {@code h.3},
 *     {@code layer.3}, {@code blocks.3}), when there is one
 * @param sublayer the last path component, e.g. {@code down_proj}
 */
public record LinearLayer(
        String tensorName, String modulePath, int rows, int cols, DType dtype, OptionalInt block, String sublayer) {

    public LinearLayer {
        Objects.requireNonNull(tensorName);
        Objects.requireNonNull(modulePath);
        Objects.requireNonNull(dtype);
        Objects.requireNonNull(block);
        Objects.requireNonNull(sublayer);
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("empty linear layer " + tensorName);
        }
    }

    public long parameterCount() {
        return (long) rows * cols;
    }

    public String shapeString() {
        return rows + "x" + cols;
    }
}
