package dev.gluestick.model.io.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds small ONNX ModelProto files by hand (field numbers from onnx.proto3). */
final class OnnxFixture {

    static final int FLOAT = 1;
    static final int UINT16 = 4;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int FLOAT16 = 10;
    static final int BFLOAT16 = 16;

    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> extraGraphFields = new ArrayList<>();

    static ProtoWriter tensor(String name, int dataType, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, dataType).string(8, name);
    }

    static ProtoWriter floatTensor(String name, long[] dims, float... values) {
        return tensor(name, FLOAT, dims).bytes(9, le(values));
    }

    static ProtoWriter node(String name, String op, List<String> inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        return n.string(2, output).string(3, name).string(4, op);
    }

    static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
    }

    OnnxFixture initializer(ProtoWriter tensor) {
        initializers.add(tensor);
        return this;
    }

    OnnxFixture node(ProtoWriter node) {
        nodes.add(node);
        return this;
    }

    OnnxFixture graphField(ProtoWriter field) {
        extraGraphFields.add(field);
        return this;
    }

    ProtoWriter graph() {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            g.message(1, n);
        }
        g.string(2, "test-graph");
        for (ProtoWriter t : initializers) {
            g.message(5, t);
        }
        for (ProtoWriter f : extraGraphFields) {
            g.raw(f.toBytes());
        }
        return g;
    }

    /** The graph is written last, so every strict prefix of the file is missing part of it. */
    byte[] toBytes() {
        return new ProtoWriter()
                .varint(1, 8)
                .string(2, "fixture")
                .string(3, "1.0")
                .message(8, new ProtoWriter().string(1, "").varint(2, 17))
                .message(7, graph())
                .toBytes();
    }

    Path write(Path dir, String fileName) throws IOException {
        Path p = dir.resolve(fileName);
        Files.write(p, toBytes());
        return p;
    }

    static byte[] le(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] le16(int... halves) {
        ByteBuffer b = ByteBuffer.allocate(2 * halves.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : halves) {
            b.putShort((short) h);
        }
        return b.array();
    }
}
