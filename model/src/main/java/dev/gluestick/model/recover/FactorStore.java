package dev.gluestick.model.recover;

import dev.gluestick.model.recover.svd.Correction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps every layer's top-R_max correction factors between analysis and export, so that any
 * rank the user settles on can be exported without another SVD.
 *
 * <p>A 7B model at R_max 256 has about 3.4 GB of factors in float32: more than should sit in the
 * heap. Correction stay in memory until {@code memoryLimitBytes} is reached and are spilled to raw
 * float32 files in a private temporary folder after that; the folder is deleted on
 * {@link #close()}. Correction are stored with the rank as the slowest dimension (A transposed), so
 * reading a lower rank reads a prefix of each file.
 */
public final class FactorStore implements AutoCloseable {

    private final long memoryLimitBytes;
    private final Map<String, Correction> inMemory = new ConcurrentHashMap<>();
    private final Map<String, Spilled> onDisk = new ConcurrentHashMap<>();
    private long inMemoryBytes;
    private Path spillDir;

    private record Spilled(Path file, int rows, int cols, int rank) {}

    public FactorStore(long memoryLimitBytes) {
        this.memoryLimitBytes = memoryLimitBytes;
    }

    /** A store that never spills (small models, tests). */
    public static FactorStore inMemory() {
        return new FactorStore(Long.MAX_VALUE);
    }

    public synchronized void put(String tensorName, Correction f) {
        long bytes = 4L * ((long) f.dOut() * f.rank() + (long) f.rank() * f.dIn());
        if (inMemoryBytes + bytes <= memoryLimitBytes) {
            inMemory.put(tensorName, f);
            inMemoryBytes += bytes;
            return;
        }
        onDisk.put(tensorName, spill(tensorName, f));
    }

    public boolean contains(String tensorName) {
        return inMemory.containsKey(tensorName) || onDisk.containsKey(tensorName);
    }

    /** The factors truncated to {@code rank} (at most what was stored). */
    public Correction get(String tensorName, int rank) {
        Correction f = inMemory.get(tensorName);
        if (f != null) {
            return f.truncate(Math.min(rank, f.rank()));
        }
        Spilled s = onDisk.get(tensorName);
        if (s == null) {
            throw new IllegalArgumentException("no factors stored for " + tensorName);
        }
        return read(s, Math.min(rank, s.rank()));
    }

    public int storedRank(String tensorName) {
        Correction f = inMemory.get(tensorName);
        if (f != null) {
            return f.rank();
        }
        Spilled s = onDisk.get(tensorName);
        return s == null ? 0 : s.rank();
    }

    private Spilled spill(String name, Correction f) {
        try {
            if (spillDir == null) {
                spillDir = Files.createTempDirectory("gluestick-factors-");
            }
            Path file = spillDir.resolve(Integer.toHexString(name.hashCode()) + "-" + onDisk.size() + ".f32");
            int rows = f.dOut();
            int cols = f.dIn();
            int k = f.rank();
            float[] a = f.a();
            float[] at = new float[a.length];
            for (int i = 0; i < rows; i++) {
                for (int r = 0; r < k; r++) {
                    at[r * rows + i] = a[i * k + r];
                }
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFloats(ch, at);
                writeFloats(ch, f.b());
            }
            return new Spilled(file, rows, cols, k);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill correction factors to a temporary file", e);
        }
    }

    private static Correction read(Spilled s, int r) {
        try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ)) {
            float[] at = readFloats(ch, 0, r * s.rows());
            float[] b = readFloats(ch, 4L * s.rows() * s.rank(), r * s.cols());
            float[] a = new float[s.rows() * r];
            for (int i = 0; i < s.rows(); i++) {
                for (int k = 0; k < r; k++) {
                    a[i * r + k] = at[k * s.rows() + i];
                }
            }
            return new Correction(s.rows(), s.cols(), r, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spilled correction factors " + s.file(), e);
        }
    }

    private static void writeFloats(FileChannel ch, float[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < v.length) {
            buf.clear();
            int n = Math.min(v.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, i, n);
            buf.limit(n * 4);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            i += n;
        }
    }

    private static float[] readFloats(FileChannel ch, long offset, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("spill file shorter than expected");
            }
            pos += n;
        }
        buf.flip();
        float[] out = new float[count];
        buf.asFloatBuffer().get(out);
        return out;
    }

    @Override
    public synchronized void close() {
        inMemory.clear();
        onDisk.clear();
        if (spillDir != null) {
            try (Stream<Path> files = Files.walk(spillDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Best effort: a leftover temp folder is not worth failing an export over.
            }
            spillDir = null;
        }
    }
}
