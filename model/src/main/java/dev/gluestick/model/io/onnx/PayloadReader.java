package dev.gluestick.model.io.onnx;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads one initializer's values, on request, as little-endian bytes in ONNX's own layout, from
 * wherever the file keeps them: {@code raw_data}, a typed repeated field, or an external file.
 */
final class PayloadReader {

    /** The largest array the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final MappedFile model;

    PayloadReader(MappedFile model) {
        this.model = model;
    }

    byte[] read(OnnxTensor tensor, DType dtype) {
        long bytes = byteSize(tensor, dtype);
        if (bytes > MAX_ARRAY) {
            throw fail(tensor, "is " + bytes + " bytes, too large for one Java array");
        }
        byte[] out = new byte[(int) bytes];
        TensorData data = tensor.data();
        if (data instanceof TensorData.Raw raw) {
            model.read(raw.span().offset(), out, 0, out.length);
        } else if (data instanceof TensorData.External ext) {
            readExternal(tensor, ext, out);
        } else if (data instanceof TensorData.Typed typed) {
            decodeTyped(tensor, typed, dtype.byteWidth(), out);
        } else if (!(data instanceof TensorData.Empty)) {
            throw new IllegalStateException("unknown tensor data " + data);
        }
        return out;
    }

    static long byteSize(OnnxTensor tensor, DType dtype) {
        long n = dtype.byteWidth();
        for (long d : tensor.dims()) {
            n = Math.multiplyExact(n, d); // checked when the model was opened
        }
        return n;
    }

    private void readExternal(OnnxTensor tensor, TensorData.External ext, byte[] out) {
        try (FileChannel ch = FileChannel.open(ext.file(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(out);
            long pos = ext.offset();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw fail(tensor, "external data file " + ext.file().getFileName() + " ended early (was it truncated after opening?)");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw fail(tensor, "cannot read external data file " + ext.file().getFileName() + " (" + e.getMessage() + ")");
        }
    }

    /** Walks the TensorProto again and writes each value of the typed field in little-endian order. */
    private void decodeTyped(OnnxTensor tensor, TensorData.Typed typed, int width, byte[] out) {
        int count = out.length / Math.max(width, 1);
        int written = 0;
        WireReader r = new WireReader(model, typed.message().offset(), typed.message().end());
        while (r.hasMore()) {
            int key = r.readKey();
            if (WireReader.field(key) != typed.field()) {
                r.skip(key);
                continue;
            }
            WireReader values = r;
            if (WireReader.wireType(key) == WireReader.LENGTH_DELIMITED) {
                values = r.sub(r.readLengthDelimited("packed values"));
            }
            boolean packed = values != r;
            do {
                long v = switch (typed.field()) {
                    case OnnxDataType.Fields.FLOAT_DATA -> values.readFixed32("float_data") & 0xFFFF_FFFFL;
                    case OnnxDataType.Fields.DOUBLE_DATA -> values.readFixed64("double_data");
                    default -> values.readVarint("typed value");
                };
                if (written == count) {
                    throw fail(tensor, "holds more values than its dims (" + count + ")");
                }
                int at = written * width;
                for (int b = 0; b < width; b++) {
                    out[at + b] = (byte) (v >>> (8 * b));
                }
                written++;
            } while (packed && values.hasMore());
        }
        if (written != count) {
            throw fail(tensor, "holds " + written + " values but its dims need " + count);
        }
    }

    private InputException fail(OnnxTensor tensor, String message) {
        return new InputException(model.path() + ": initializer " + tensor.name() + " " + message);
    }
}
