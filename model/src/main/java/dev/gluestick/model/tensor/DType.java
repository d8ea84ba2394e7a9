package dev.gluestick.model.tensor;

import java.util.Optional;

/**
 * Element types of safetensors (and ONNX) tensors, with their width in bytes.
 *
 * <p>Floating types (F64, F32, F16, BF16) can be read into float32 for computing. The others are
 * recognized so that a checkpoint holding them can be opened, listed and exported byte for byte,
 * but are never computed on.
 */
public enum DType {
    F64("F64", 8, true),
    F32("F32", 4, true),
    F16("F16", 2, true),
    BF16("BF16", 2, true),
    F8_E4M3("F8_E4M3", 1, false),
    F8_E5M2("F8_E5M2", 1, false),
    I64("I64", 8, false),
    I32("I32", 4, false),
    I16("I16", 2, false),
    I8("I8", 1, false),
    U8("U8", 1, false),
    BOOL("BOOL", 1, false);

    private final String safetensorsName;
    private final int byteWidth;
    private final boolean computable;

    DType(String safetensorsName, int byteWidth, boolean computable) {
        this.safetensorsName = safetensorsName;
        this.byteWidth = byteWidth;
        this.computable = computable;
    }

    /** The dtype string used in safetensors headers, e.g. {@code "BF16"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    public int byteWidth() {
        return byteWidth;
    }

    /** True for the floating types that can be converted to float32 and pruned or analyzed. */
    public boolean isComputable() {
        return computable;
    }

    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Parses the user-facing spelling used on the command line: bf16, f16, f32 (any case). */
    public static Optional<DType> fromUserName(String name) {
        return fromSafetensorsName(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
