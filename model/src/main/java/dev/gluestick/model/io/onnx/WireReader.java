package dev.gluestick.model.io.onnx;

import dev.gluestick.model.InputException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format from a window {@code [position, limit)} of a mapped file.
 *
 * <p>Every length read from the file is checked against the bytes left in the enclosing message
 * before anything is allocated or skipped, so a corrupt or hostile file ends in an {@link
 * InputException} (naming the file and offset) instead of a hang or an OutOfMemoryError.
 */
final class WireReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    /** Names and keys are short; anything longer than this is corruption, not a name. */
    static final int MAX_STRING_BYTES = 1 << 20;

    /** Deprecated groups may nest; bound the nesting so a crafted file cannot exhaust memory. */
    private static final int MAX_GROUP_DEPTH = 100;

    private final MappedFile file;
    private long pos;
    private final long limit;

    WireReader(MappedFile file, long start, long limit) {
        if (start < 0 || limit > file.size() || start > limit) {
            throw new IllegalArgumentException("window " + start + ".." + limit + " outside file of " + file.size());
        }
        this.file = file;
        this.pos = start;
        this.limit = limit;
    }

    static WireReader whole(MappedFile file) {
        return new WireReader(file, 0, file.size());
    }

    WireReader sub(Span span) {
        return new WireReader(file, span.offset(), span.end());
    }

    boolean hasMore() {
        return pos < limit;
    }

    long position() {
        return pos;
    }

    /** Reads a field key; returns it whole: field number is {@code key >>> 3}, wire type {@code key & 7}. */
    int readKey() {
        long at = pos;
        long key = readVarint("field key");
        long field = key >>> 3;
        int wire = (int) (key & 7);
        if (field == 0 || field > 0x1FFF_FFFFL) {
            throw error("invalid field number " + field + " at offset " + at);
        }
        if (wire > FIXED32) {
            throw error("invalid wire type " + wire + " at offset " + at);
        }
        return (int) key;
    }

    static int field(int key) {
        return key >>> 3;
    }

    static int wireType(int key) {
        return key & 7;
    }

    long readVarint(String what) {
        long at = pos;
        long result = 0;
        for (int i = 0; i < 10; i++) {
            if (pos >= limit) {
                throw error("truncated " + what + " (varint) at offset " + at);
            }
            byte b = file.get(pos++);
            result |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return result;
            }
        }
        throw error("varint longer than 10 bytes for " + what + " at offset " + at);
    }

    int readFixed32(String what) {
        require(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (file.get(pos++) & 0xFF) << (8 * i);
        }
        return v;
    }

    long readFixed64(String what) {
        require(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (file.get(pos++) & 0xFF) << (8 * i);
        }
        return v;
    }

    /** Reads a length prefix and returns the range it covers, after checking it fits. */
    Span readLengthDelimited(String what) {
        long at = pos;
        long len = readVarint("length of " + what);
        long left = limit - pos;
        if (len < 0 || len > left) {
            throw error("length " + Long.toUnsignedString(len) + " of " + what + " at offset " + at
                    + " runs past the end of its enclosing data (" + left + " bytes left)");
        }
        Span span = new Span(pos, len);
        pos += len;
        return span;
    }

    String readString(String what) {
        return string(readLengthDelimited(what), what);
    }

    String string(Span span, String what) {
        if (span.length() > MAX_STRING_BYTES) {
            throw error(what + " at offset " + span.offset() + " is " + span.length()
                    + " bytes long, more than the " + MAX_STRING_BYTES + " allowed for a name");
        }
        byte[] bytes = new byte[(int) span.length()];
        file.read(span.offset(), bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Skips the value of a field whose key was just read. */
    void skip(int key) {
        switch (wireType(key)) {
            case VARINT -> readVarint("field " + field(key));
            case FIXED64 -> skipBytes(8, "field " + field(key));
            case LENGTH_DELIMITED -> readLengthDelimited("field " + field(key));
            case FIXED32 -> skipBytes(4, "field " + field(key));
            case START_GROUP -> skipGroup(field(key));
            case END_GROUP -> throw error("unmatched end of group " + field(key) + " before offset " + pos);
            default -> throw error("invalid wire type " + wireType(key) + " before offset " + pos);
        }
    }

    private void skipGroup(int outerField) {
        int[] open = new int[MAX_GROUP_DEPTH];
        int depth = 0;
        open[depth++] = outerField;
        while (depth > 0) {
            if (!hasMore()) {
                throw error("truncated group " + open[depth - 1] + " at end of data (offset " + pos + ")");
            }
            int key = readKey();
            int w = wireType(key);
            if (w == START_GROUP) {
                if (depth == MAX_GROUP_DEPTH) {
                    throw error("groups nested more than " + MAX_GROUP_DEPTH + " deep at offset " + pos);
                }
                open[depth++] = field(key);
            } else if (w == END_GROUP) {
                if (field(key) != open[depth - 1]) {
                    throw error("end of group " + field(key) + " does not match group " + open[depth - 1]
                            + " before offset " + pos);
                }
                depth--;
            } else {
                skip(key);
            }
        }
    }

    void expectWireType(int key, int expected, String what) {
        if (wireType(key) != expected) {
            throw error(what + " has wire type " + wireType(key) + ", expected " + expected + " (before offset " + pos + ")");
        }
    }

    private void skipBytes(long n, String what) {
        require(n, what);
        pos += n;
    }

    private void require(long n, String what) {
        if (limit - pos < n) {
            throw error("truncated " + what + " at offset " + pos + ": needs " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    InputException error(String message) {
        return new InputException(file.path() + ": " + message);
    }
}
