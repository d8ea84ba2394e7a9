# Regenerates reference-0.8.0.safetensors with the reference implementation (the Rust core of
# PyPI safetensors 0.8.0), so the Java reader is checked against a file it did not write.
#   python -m venv v && v/bin/pip install safetensors==0.8.0 numpy && v/bin/python make_reference.py
# The expected values are repeated in SafetensorsReferenceFixtureTest.
import numpy as np
from safetensors import TensorSpec, serialize

keep_alive = []

def raw(dtype, shape, data):
    # dtype names as the 0.8.0 bindings spell them; bytes are given little-endian, verbatim.
    names = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16",
             "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2", "I64": "int64", "I32": "int32",
             "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool"}
    buf = np.frombuffer(bytes(data) or b"\0", dtype=np.uint8).copy()
    keep_alive.append(buf)
    return TensorSpec(dtype=names[dtype], shape=list(shape), data_ptr=buf.ctypes.data, data_len=len(data))

bf16 = np.array([1.0, -2.0, 0.5, 3.140625], dtype=np.float32).view(np.uint32) >> 16
tensors = {
    "f64": raw("F64", (2,), np.array([1.5, -1e-300], dtype="<f8").tobytes()),
    "f32": raw("F32", (2, 2), np.array([1.0, -2.5, 0.0, 65504.0], dtype="<f4").tobytes()),
    "f16": raw("F16", (3,), np.array([1.0, -0.0, 6.1e-5], dtype="<f2").tobytes()),
    "bf16": raw("BF16", (2, 2), bf16.astype("<u2").tobytes()),
    "f8_e4m3": raw("F8_E4M3", (2,), bytes([0x38, 0xB8])),
    "f8_e5m2": raw("F8_E5M2", (2,), bytes([0x3C, 0xBC])),
    "i64": raw("I64", (2,), np.array([-(2**40), 7], dtype="<i8").tobytes()),
    "i32": raw("I32", (1,), np.array([-123456], dtype="<i4").tobytes()),
    "i16": raw("I16", (2,), np.array([-2, 300], dtype="<i2").tobytes()),
    "i8": raw("I8", (3,), np.array([-128, 0, 127], dtype="i1").tobytes()),
    "u8": raw("U8", (2,), bytes([0, 255])),
    "bool": raw("BOOL", (3,), bytes([1, 0, 1])),
    "empty": raw("F32", (0, 3), b""),
}
with open("reference-0.8.0.safetensors", "wb") as f:
    f.write(serialize(tensors, metadata={"format": "pt", "writer": "safetensors 0.8.0"}))
