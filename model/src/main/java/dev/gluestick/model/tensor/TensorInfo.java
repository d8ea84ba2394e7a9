package dev.gluestick.model.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a checkpoint says about one tensor, without its data: name, dtype and shape (row-major,
 * PyTorch layout: a linear weight is {@code [d_out, d_in]}).
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + name + ": " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** Number of elements; throws ArithmeticException on overflow. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Size of the data in bytes; throws ArithmeticException on overflow. */
    public long byteSize() {
        return Math.multiplyExact(elementCount(), dtype.byteWidth());
    }

    /** Shape as "4096x11008". */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(shape[i]);
        }
        return shape.length == 0 ? "scalar" : sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype.safetensorsName() + " [" + shapeString() + "]";
    }
}
