package dev.gluestick.model.checkpoint;

import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An opened model checkpoint: a single safetensors file, a Hugging Face folder (one file or
 * shards with an index), or an ONNX graph. Opening reads headers only; tensor data is read one
 * tensor at a time on request, so a 7B model never has to fit in memory.
 *
 * <p>Tensors are presented in PyTorch layout (a linear weight is {@code [d_out, d_in]}), whatever
 * the source stores. Implementations are safe to read from several threads.
 */
public interface Checkpoint extends AutoCloseable {

    /** What the user opened (file or folder). */
    Path path();

    CheckpointLayout layout();

    /** {@code config.json} next to the weights, when there is one. */
    Optional<ModelConfig> config();

    /** Every tensor, in a stable order (the order of the source files). */
    List<TensorInfo> tensors();

    Optional<TensorInfo> tensor(String name);

    /** The {@code __metadata__} of the (first) weights file; empty when there is none. */
    Map<String, String> metadata();

    /**
     * The file, relative to {@link #path()}'s folder (or the file name for a single file), that
     * holds this tensor: exports keep the same shard split.
     */
    String sourceFile(String tensorName);

    /**
     * The tensor converted to float32, row-major. Only for {@link
     * dev.gluestick.model.tensor.DType#isComputable() computable} dtypes.
     *
     * @throws dev.gluestick.model.InputException if the tensor is unknown, not floating point,
     *     too large for one Java array, or its bytes cannot be read
     */
    float[] readFloats(String tensorName);

    /**
     * Like {@link #readFloats(String)} but into a caller-owned array at {@code offset}, so a loop
     * over a 7B model can reuse one buffer instead of allocating per layer.
     */
    default void readFloats(String tensorName, float[] dst, int offset) {
        float[] v = readFloats(tensorName);
        System.arraycopy(v, 0, dst, offset, v.length);
    }

    /** The tensor's raw little-endian bytes in the presented layout, for byte-exact pass-through. */
    byte[] readBytes(String tensorName);

    /**
     * Streams the tensor's raw bytes to {@code out}, so an export can pass a large tensor through
     * without holding it. Implementations backed by files override this with a zero-copy transfer.
     */
    default void transferTo(String tensorName, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(readBytes(tensorName));
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /**
     * The tensors that may be linear layers, for {@link dev.gluestick.model.layers.LayerDiscovery}:
     * all of them by default; a format that knows which tensors are multiplied as weights narrows
     * it (ONNX: the MatMul/Gemm weights, so a 2-D {@code *.weight} used by Gather is never pruned).
     */
    default List<TensorInfo> linearCandidates() {
        return tensors();
    }

    /**
     * Things that are odd but not fatal, found while opening (e.g. an index {@code total_size}
     * that disagrees with the shards). The CLI prints them on stderr.
     */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close();
}
