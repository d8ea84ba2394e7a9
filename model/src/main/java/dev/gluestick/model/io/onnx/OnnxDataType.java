package dev.gluestick.model.io.onnx;

import dev.gluestick.model.tensor.DType;
import java.util.Optional;

/**
 * ONNX {@code TensorProto.DataType} codes, with the workbench dtype each maps to (when there is
 * one) and the typed {@code TensorProto} field that holds its values when {@code raw_data} is
 * absent.
 */
enum OnnxDataType {
    FLOAT(1, DType.F32, Fields.FLOAT_DATA),
    UINT8(2, DType.U8, Fields.INT32_DATA),
    INT8(3, DType.I8, Fields.INT32_DATA),
    UINT16(4, null, Fields.INT32_DATA),
    INT16(5, DType.I16, Fields.INT32_DATA),
    INT32(6, DType.I32, Fields.INT32_DATA),
    INT64(7, DType.I64, Fields.INT64_DATA),
    STRING(8, null, Fields.STRING_DATA),
    BOOL(9, DType.BOOL, Fields.INT32_DATA),
    FLOAT16(10, DType.F16, Fields.INT32_DATA),
    DOUBLE(11, DType.F64, Fields.DOUBLE_DATA),
    UINT32(12, null, Fields.UINT64_DATA),
    UINT64(13, null, Fields.UINT64_DATA),
    COMPLEX64(14, null, Fields.FLOAT_DATA),
    COMPLEX128(15, null, Fields.DOUBLE_DATA),
    BFLOAT16(16, DType.BF16, Fields.INT32_DATA),
    FLOAT8E4M3FN(17, DType.F8_E4M3, Fields.INT32_DATA),
    FLOAT8E4M3FNUZ(18, null, Fields.INT32_DATA),
    FLOAT8E5M2(19, DType.F8_E5M2, Fields.INT32_DATA),
    FLOAT8E5M2FNUZ(20, null, Fields.INT32_DATA),
    UINT4(21, null, Fields.INT32_DATA),
    INT4(22, null, Fields.INT32_DATA),
    FLOAT4E2M1(23, null, Fields.INT32_DATA);

    /** TensorProto field numbers (onnx.proto3). */
    static final class Fields {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int SEGMENT = 3;
        static final int FLOAT_DATA = 4;
        static final int INT32_DATA = 5;
        static final int STRING_DATA = 6;
        static final int INT64_DATA = 7;
        static final int NAME = 8;
        static final int RAW_DATA = 9;
        static final int DOUBLE_DATA = 10;
        static final int UINT64_DATA = 11;
        static final int EXTERNAL_DATA = 13;
        static final int DATA_LOCATION = 14;

        private Fields() {}
    }

    private final int code;
    private final DType dtype;
    private final int typedField;

    OnnxDataType(int code, DType dtype, int typedField) {
        this.code = code;
        this.dtype = dtype;
        this.typedField = typedField;
    }

    int code() {
        return code;
    }

    /** The workbench dtype, when ONNX's type has one (bit-compatible little-endian layout). */
    Optional<DType> dtype() {
        return Optional.ofNullable(dtype);
    }

    /** The TensorProto field that carries values of this type when {@code raw_data} is absent. */
    int typedField() {
        return typedField;
    }

    static Optional<OnnxDataType> fromCode(long code) {
        for (OnnxDataType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
