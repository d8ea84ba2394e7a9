package dev.gluestick.model.io.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors files by streaming: the header is computed from the tensor list first, then
 * each tensor's bytes are pulled from a {@link TensorBytesSource} one at a time. Tensors are stored
 * in the given order; the header is padded with spaces so the data section starts 8-byte aligned.
 * Output goes to a temporary file in the target folder, is fsynced, and is atomically renamed into
 * place, so a crash never leaves a half-written file under the target name.
 */
public final class SafetensorsWriter {

    /** What to do when the target already exists. */
    public enum Overwrite {
        REFUSE,
        REPLACE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENCODE_CHUNK = 1 << 20;

    private SafetensorsWriter() {}

    /**
     * The complete header block: 8-byte little-endian length followed by the space-padded JSON.
     *
     * @throws IllegalArgumentException for duplicate or reserved names, or a header over the limit
     */
    public static byte[] headerBlock(List<TensorInfo> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeaderParser.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorInfo t : tensors) {
            if (t.name().equals(SafetensorsHeaderParser.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name " + SafetensorsHeaderParser.METADATA_KEY + " is reserved");
            }
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is listed twice");
            }
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = Math.addExact(offset, t.byteSize());
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize safetensors header", e);
        }
        int padded = (json.length + 7) & ~7;
        if (padded > SafetensorsFile.MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("safetensors header of " + padded + " bytes exceeds the limit");
        }
        byte[] block = new byte[8 + padded];
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, block, 8, json.length);
        Arrays.fill(block, 8 + json.length, block.length, (byte) ' ');
        return block;
    }

    /**
     * Streams a safetensors file to {@code target}.
     *
     * @throws InputException if the target exists and {@code mode} is {@link Overwrite#REFUSE}
     * @throws IllegalStateException if the source writes the wrong number of bytes for a tensor
     * @throws UncheckedIOException if writing fails (the temporary file is removed)
     */
    public static void write(Path target, List<TensorInfo> tensors, Map<String, String> metadata,
            TensorBytesSource source, Overwrite mode) {
        byte[] header = headerBlock(tensors, metadata);
        Path dir = target.toAbsolutePath().getParent();
        refuseExisting(target, mode);
        Path tmp = temporarySibling(target);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(header));
                for (TensorInfo t : tensors) {
                    CountingChannel counting = new CountingChannel(ch);
                    source.write(t, counting);
                    if (counting.count != t.byteSize()) {
                        throw new IllegalStateException("source wrote " + counting.count + " bytes for tensor '"
                                + t.name() + "', expected " + t.byteSize());
                    }
                }
                ch.force(true);
            }
            refuseExisting(target, mode);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure matters more than a leftover temporary file.
                }
            }
        }
    }

    /**
     * Writes float32 values converted to each tensor's dtype (F64, F32, F16 or BF16; round to
     * nearest even). {@code values} must hold one array of {@code elementCount()} floats per tensor.
     */
    public static void writeFloats(Path target, List<TensorInfo> tensors, Map<String, float[]> values,
            Map<String, String> metadata, Overwrite mode) {
        for (TensorInfo t : tensors) {
            float[] v = values.get(t.name());
            if (v == null) {
                throw new IllegalArgumentException("no values for tensor '" + t.name() + "'");
            }
            if (v.length != t.elementCount()) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has " + v.length
                        + " values, shape " + t.shapeString() + " needs " + t.elementCount());
            }
            if (!t.dtype().isComputable()) {
                throw new IllegalArgumentException("cannot write float values as " + t.dtype());
            }
        }
        write(target, tensors, metadata, (t, out) -> writeFloats(values.get(t.name()), t.dtype(), out), mode);
    }

    /** Encodes {@code values} as {@code dtype} into {@code out} in bounded chunks. */
    public static void writeFloats(float[] values, DType dtype, WritableByteChannel out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.min(values.length, ENCODE_CHUNK) * dtype.byteWidth());
        for (int done = 0; done < values.length; ) {
            int n = Math.min(ENCODE_CHUNK, values.length - done);
            buf.clear();
            FloatCodec.encode(values, done, n, dtype, buf);
            buf.flip();
            writeFully(out, buf);
            done += n;
        }
    }

    /**
     * A fresh name next to {@code target}. Not {@code Files.createTempFile}: that creates mode 600,
     * which the rename would carry over to the user's model file; CREATE_NEW follows the umask.
     */
    public static Path temporarySibling(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        long r = java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        return dir.resolve("." + target.getFileName() + "." + r + ".tmp");
    }

    private static void refuseExisting(Path target, Overwrite mode) {
        if (mode == Overwrite.REFUSE && Files.exists(target)) {
            throw new InputException(target + ": already exists; refusing to overwrite it");
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable on Linux; some platforms cannot open a directory, which is fine.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort only.
        }
    }

    /** Counts what a source writes so a short or long tensor is caught before it corrupts the file. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel delegate;
        private long count;

        CountingChannel(WritableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = delegate.write(src);
            count += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() {
            // The writer owns the file channel; a source closing it would end the export early.
        }
    }
}
