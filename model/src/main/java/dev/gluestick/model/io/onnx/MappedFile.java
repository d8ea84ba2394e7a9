package dev.gluestick.model.io.onnx;

import dev.gluestick.model.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory map of a whole file addressed with {@code long} offsets. A single {@link
 * ByteBuffer} cannot exceed 2 GiB, so the file is mapped in 1 GiB windows and reads that cross a
 * window boundary are stitched together.
 */
final class MappedFile {

    private static final int WINDOW_BITS = 30;
    private static final long WINDOW = 1L << WINDOW_BITS;

    private final Path path;
    private final long size;
    private final ByteBuffer[] windows;

    private MappedFile(Path path, long size, ByteBuffer[] windows) {
        this.path = path;
        this.size = size;
        this.windows = windows;
    }

    static MappedFile open(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            int count = (int) ((size + WINDOW - 1) >>> WINDOW_BITS);
            ByteBuffer[] windows = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = (long) i << WINDOW_BITS;
                windows[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW, size - start));
            }
            // The mappings stay valid after the channel is closed.
            return new MappedFile(path, size, windows);
        } catch (IOException e) {
            throw new InputException(path + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /** Callers check {@code pos < size()} first; this is the hot path of the varint reader. */
    byte get(long pos) {
        return windows[(int) (pos >>> WINDOW_BITS)].get((int) (pos & (WINDOW - 1)));
    }

    void read(long pos, byte[] dst, int off, int len) {
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new IndexOutOfBoundsException("read of " + len + " bytes at " + pos + " in a file of " + size);
        }
        while (len > 0) {
            int w = (int) (pos >>> WINDOW_BITS);
            int inWindow = (int) (pos & (WINDOW - 1));
            int n = Math.min(len, windows[w].limit() - inWindow);
            windows[w].get(inWindow, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }
}
