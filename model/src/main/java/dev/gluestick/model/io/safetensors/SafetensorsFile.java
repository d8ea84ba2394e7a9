package dev.gluestick.model.io.safetensors;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A read-only, memory-mapped safetensors file.
 *
 * <p>Opening reads only the header and maps the data in windows (a single mapping is capped at
 * 2 GiB by the JDK; mapping reads nothing), so files of any size work with {@code long} offsets, and
 * a tensor may straddle two windows. The file channel is closed right after mapping, so a thread
 * interrupt (a cancelled job) can never close it under a reader. Safe for concurrent reads (absolute buffer access only); {@link #close()} is
 * idempotent and any read after it fails with {@link IllegalStateException}.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Largest header the reference implementation accepts. */
    public static final long MAX_HEADER_LENGTH = 100_000_000L;

    static final long DEFAULT_WINDOW = 1L << 30;

    /** Java arrays top out a few elements short of Integer.MAX_VALUE. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path path;
    private final String label;
    private final FileChannel channel;
    private final long fileSize;
    private final SafetensorsHeader header;
    private final Map<String, SafetensorsEntry> byName;
    private final long windowSize;
    private final AtomicReferenceArray<ByteBuffer> windows;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SafetensorsFile(Path path, FileChannel channel, long fileSize, SafetensorsHeader header, long windowSize) {
        this.path = path;
        this.label = path.toString();
        this.channel = channel;
        this.fileSize = fileSize;
        this.header = header;
        this.windowSize = windowSize;
        this.windows = new AtomicReferenceArray<>((int) ((fileSize + windowSize - 1) / windowSize));
        Map<String, SafetensorsEntry> m = new HashMap<>();
        for (SafetensorsEntry e : header.entries()) {
            m.put(e.name(), e);
        }
        this.byName = m;
    }

    /** Opens a file and validates its header; reads no tensor data. */
    public static SafetensorsFile open(Path path) {
        return open(path, DEFAULT_WINDOW);
    }

    /** For tests: a small window makes straddling tensors cheap to produce. */
    static SafetensorsFile open(Path path, long windowSize) {
        if (windowSize < 8 || windowSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window size " + windowSize);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": file not found");
        } catch (IOException e) {
            throw new InputException(path + ": cannot open: " + e.getMessage(), e);
        }
        try {
            SafetensorsHeader header = readHeader(path.toString(), ch);
            SafetensorsFile file = new SafetensorsFile(path, ch, ch.size(), header, windowSize);
            file.mapAllWindows();
            return file;
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new InputException(path + ": cannot read header: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Maps every window now (address space only: no data is read) and closes the channel. A cancel
     * in the window interrupts the worker thread, and an interrupted FileChannel closes itself; with
     * nothing left to do on the channel after opening, a cancelled job cannot break a checkpoint the
     * user still has open.
     */
    private void mapAllWindows() throws IOException {
        for (int k = 0; k < windows.length(); k++) {
            window(k);
        }
        channel.close();
    }

    private static SafetensorsHeader readHeader(String label, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new InputException(label + ": file is " + size + " bytes, shorter than the 8-byte safetensors header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (Long.compareUnsigned(n, MAX_HEADER_LENGTH) > 0) {
            throw new InputException(label + ": safetensors header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_LENGTH + " bytes");
        }
        if (8 + n > size) {
            throw new InputException(label + ": safetensors header length " + n + " reaches past the end of the "
                    + size + "-byte file");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        readFully(ch, headerBuf, 8);
        return SafetensorsHeaderParser.parse(label, headerBuf.array(), size - 8 - n);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    public Path path() {
        return path;
    }

    public SafetensorsHeader header() {
        return header;
    }

    /** Tensors in data order. */
    public List<TensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<SafetensorsEntry> entry(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    public long fileSize() {
        return fileSize;
    }

    /** The tensor converted to float32 (F64, F32, F16, BF16 only). */
    public float[] readFloats(String name) {
        SafetensorsEntry e = require(name);
        long count = e.info().elementCount();
        if (count > MAX_ARRAY) {
            throw new InputException(label + ": tensor '" + name + "' has " + count
                    + " elements, too many for one float array");
        }
        float[] out = new float[(int) count];
        readFloats(name, out, 0);
        return out;
    }

    /** Decodes the tensor into {@code dst[offset..]} (lets callers reuse one big buffer). */
    public void readFloats(String name, float[] dst, int offset) {
        SafetensorsEntry e = require(name);
        DType dtype = e.info().dtype();
        if (!dtype.isComputable()) {
            throw new InputException(label + ": tensor '" + name + "' is " + dtype.safetensorsName()
                    + ", which cannot be read as float32");
        }
        long count = e.info().elementCount();
        if (count > dst.length - (long) offset) {
            throw new IllegalArgumentException("tensor " + name + " needs " + count + " floats, array has room for "
                    + (dst.length - (long) offset));
        }
        int width = dtype.byteWidth();
        long pos = header.dataStart() + e.begin();
        long end = header.dataStart() + e.end();
        int out = offset;
        while (pos < end) {
            int k = (int) (pos / windowSize);
            ByteBuffer win = window(k);
            long winStart = k * windowSize;
            long avail = Math.min(end, winStart + win.capacity()) - pos;
            int n = (int) (avail / width);
            if (n > 0) {
                FloatCodec.decode(win.slice((int) (pos - winStart), n * width), dtype, dst, out, n);
                out += n;
                pos += (long) n * width;
            } else {
                // One element split across two windows: assemble it from both.
                byte[] one = new byte[width];
                copy(pos, one, 0, width);
                FloatCodec.decode(ByteBuffer.wrap(one), dtype, dst, out, 1);
                out++;
                pos += width;
            }
        }
    }

    /** The tensor's raw little-endian bytes. */
    public byte[] readBytes(String name) {
        SafetensorsEntry e = require(name);
        if (e.byteLength() > MAX_ARRAY) {
            throw new InputException(label + ": tensor '" + name + "' is " + e.byteLength()
                    + " bytes, too large for one byte array");
        }
        byte[] out = new byte[(int) e.byteLength()];
        copy(header.dataStart() + e.begin(), out, 0, out.length);
        return out;
    }

    /** Streams the tensor's raw bytes to {@code out} without holding them in memory. */
    public void transferTo(String name, WritableByteChannel out) throws IOException {
        SafetensorsEntry e = require(name);
        long pos = header.dataStart() + e.begin();
        long end = header.dataStart() + e.end();
        byte[] buf = new byte[(int) Math.min(end - pos, 1 << 20)];
        while (pos < end) {
            int chunk = (int) Math.min(end - pos, buf.length);
            copy(pos, buf, 0, chunk);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, chunk);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            pos += chunk;
        }
    }

    private void copy(long absolute, byte[] dst, int offset, int length) {
        long pos = absolute;
        int done = 0;
        while (done < length) {
            int k = (int) (pos / windowSize);
            ByteBuffer win = window(k);
            int inWin = (int) (pos - k * windowSize);
            int n = Math.min(length - done, win.capacity() - inWin);
            win.get(inWin, dst, offset + done, n);
            done += n;
            pos += n;
        }
    }

    private SafetensorsEntry require(String name) {
        ensureOpen();
        SafetensorsEntry e = byName.get(name);
        if (e == null) {
            throw new InputException(label + ": no tensor named '" + name + "'");
        }
        return e;
    }

    private ByteBuffer window(int k) {
        ByteBuffer w = windows.get(k);
        if (w != null) {
            return w;
        }
        ensureOpen();
        long start = k * windowSize;
        long len = Math.min(windowSize, fileSize - start);
        try {
            // Two threads may map the same window; both mappings are valid and one wins.
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, len).order(ByteOrder.LITTLE_ENDIAN);
            windows.compareAndSet(k, null, mapped);
            return windows.get(k);
        } catch (IOException e) {
            if (closed.get()) {
                throw closedError();
            }
            throw new UncheckedIOException(label + ": cannot map bytes " + start + ".." + (start + len), e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(label + " is closed");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (int i = 0; i < windows.length(); i++) {
                windows.set(i, null);
            }
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(label + ": close failed", e);
            }
        }
    }
}
