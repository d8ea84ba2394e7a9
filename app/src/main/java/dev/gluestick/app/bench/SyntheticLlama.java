package dev.gluestick.app.bench;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.checkpoint.ShardedCheckpointWriter;
import dev.gluestick.model.io.safetensors.SafetensorsFile;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A synthetic Llama-shaped bf16 checkpoint for benchmarks: real layer names and shapes, weights
 * from a seeded generator (bf16 values of magnitude 2^-7..2^-4 with random sign and mantissa; norms
 * are 1.0), sharded like {@code transformers} does. Written one tensor at a time, so generating a
 * 13 GB 7B model needs a few MB of memory.
 *
 * @param blocks transformer blocks (32 for Llama-7B)
 * @param hidden hidden size (4096)
 * @param intermediate MLP size (11008)
 * @param vocab vocabulary size (32000)
 * @param seed generator seed
 * @param maxShardBytes shard size limit (5 GB, the transformers default)
 */
public record SyntheticLlama(int blocks, int hidden, int intermediate, int vocab, long seed, long maxShardBytes) {

    /** Marks folders this class wrote, so reruns can reuse or safely replace them. */
    public static final String SPEC_KEY = "gluestick.bench.spec";

    public SyntheticLlama {
        if (blocks < 1 || hidden < 1 || intermediate < 1 || vocab < 1 || maxShardBytes < 1) {
            throw new IllegalArgumentException("all sizes must be positive");
        }
    }

    public static SyntheticLlama llama7b(int blocks) {
        return new SyntheticLlama(blocks, 4096, 11008, 32000, 42, 5_000_000_000L);
    }

    public String describe() {
        return String.format(Locale.ROOT, "llama blocks=%d hidden=%d intermediate=%d vocab=%d seed=%d shard=%d",
                blocks, hidden, intermediate, vocab, seed, maxShardBytes);
    }

    public List<TensorInfo> tensors() {
        List<TensorInfo> ts = new ArrayList<>();
        ts.add(bf16("model.embed_tokens.weight", vocab, hidden));
        for (int b = 0; b < blocks; b++) {
            String p = "model.layers." + b + ".";
            for (String s : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
                ts.add(bf16(p + "self_attn." + s + ".weight", hidden, hidden));
            }
            ts.add(bf16(p + "mlp.gate_proj.weight", intermediate, hidden));
            ts.add(bf16(p + "mlp.up_proj.weight", intermediate, hidden));
            ts.add(bf16(p + "mlp.down_proj.weight", hidden, intermediate));
            ts.add(bf16(p + "input_layernorm.weight", hidden));
            ts.add(bf16(p + "post_attention_layernorm.weight", hidden));
        }
        ts.add(bf16("model.norm.weight", hidden));
        ts.add(bf16("lm_head.weight", vocab, hidden));
        return ts;
    }

    public long totalBytes() {
        return tensors().stream().mapToLong(TensorInfo::byteSize).sum();
    }

    private static TensorInfo bf16(String name, long... shape) {
        return new TensorInfo(name, DType.BF16, shape);
    }

    /** True if {@code dir} already holds exactly this checkpoint (same spec, tensors, and valid shards). */
    public boolean isPresentIn(Path dir) {
        if (!Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            return false;
        }
        try (Checkpoint c = Checkpoints.open(dir)) {
            return describe().equals(c.metadata().get(SPEC_KEY)) && c.tensors().equals(tensors()) && c.warnings().isEmpty();
        } catch (InputException e) {
            return false;
        }
    }

    /**
     * Writes the checkpoint into {@code dir}. An existing folder must be empty or hold an earlier
     * synthetic checkpoint (which is replaced); anything else is refused so no user data is lost.
     */
    public void writeTo(Path dir) {
        clearEarlierBenchOutput(dir);
        long need = totalBytes() + (64L << 20);
        try {
            Files.createDirectories(dir);
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable < need) {
                throw new InputException(String.format(Locale.ROOT,
                        "%s: the synthetic checkpoint needs %.2f GB free but only %.2f GB are available "
                                + "(use fewer --blocks or another --dir)", dir, need / 1e9, usable / 1e9));
            }
        } catch (IOException e) {
            throw new InputException(dir + ": cannot prepare folder: " + e.getMessage(), e);
        }
        Map<String, List<TensorInfo>> plan = ShardedCheckpointWriter.planShards(tensors(), maxShardBytes);
        List<TensorInfo> all = tensors();
        ShardedCheckpointWriter.write(dir, plan, Map.of("format", "pt", SPEC_KEY, describe()),
                (t, out) -> generate(t, all.indexOf(t), out), SafetensorsWriter.Overwrite.REFUSE);
        writeConfigIfMissing(dir);
    }

    /** A Llama config.json matching the shapes, so inspect shows a model type. */
    public void writeConfigIfMissing(Path dir) {
        Path config = dir.resolve("config.json");
        if (Files.exists(config)) {
            return;
        }
        int heads = Math.max(1, hidden / 128);
        String json = String.format(Locale.ROOT, "{%n  \"model_type\": \"llama\",%n  \"architectures\": [\"LlamaForCausalLM\"],%n"
                + "  \"hidden_size\": %d,%n  \"intermediate_size\": %d,%n  \"num_hidden_layers\": %d,%n"
                + "  \"num_attention_heads\": %d,%n  \"num_key_value_heads\": %d,%n  \"vocab_size\": %d,%n"
                + "  \"max_position_embeddings\": 4096,%n  \"rms_norm_eps\": 1e-06,%n  \"torch_dtype\": \"bfloat16\"%n}%n",
                hidden, intermediate, blocks, heads, heads, vocab);
        Path tmp = SafetensorsWriter.temporarySibling(config);
        try {
            Files.writeString(tmp, json, java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.move(tmp, config, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Only a leftover temporary file.
            }
        }
    }

    private void clearEarlierBenchOutput(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            return;
        }
        boolean ours = entries.stream().allMatch(SyntheticLlama::isBenchOutput);
        if (!ours) {
            throw new InputException(dir + ": folder is not empty and does not hold a gluestick bench checkpoint; "
                    + "choose an empty or new --dir");
        }
        try {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.endsWith(".safetensors") || n.endsWith(".tmp") || n.equals("model.safetensors.index.json")
                        || n.equals("config.json")) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the earlier bench checkpoint in " + dir, e);
        }
    }

    /**
     * A file this class writes: a shard carrying {@link #SPEC_KEY}, the index, or a temporary file
     * left by an interrupted run (the writer names them {@code .<target>.<random>.tmp}).
     */
    private static boolean isBenchOutput(Path p) {
        String n = p.getFileName().toString();
        if (n.equals("model.safetensors.index.json") || n.equals("config.json")
                || (n.startsWith(".") && n.endsWith(".tmp"))) {
            return true;
        }
        if (!n.endsWith(".safetensors")) {
            return false;
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            return f.metadata().containsKey(SPEC_KEY);
        } catch (InputException e) {
            return false;
        }
    }

    /** Streams one tensor's seeded bf16 values in 4 MiB chunks. */
    private void generate(TensorInfo t, int index, WritableByteChannel out) throws IOException {
        long bytes = t.byteSize();
        ByteBuffer buf = ByteBuffer.allocate(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long[] lanes = new long[buf.capacity() / 8];
        boolean norm = t.rank() == 1;
        long state = mix(seed * 0x9E3779B97F4A7C15L + index + 1);
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(buf.capacity(), bytes - done);
            int words = (n + 7) / 8;
            for (int i = 0; i < words; i++) {
                if (norm) {
                    lanes[i] = 0x3f80_3f80_3f80_3f80L; // four bf16 1.0 values
                } else {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    lanes[i] = bf16Lanes(state);
                }
            }
            buf.clear();
            buf.asLongBuffer().put(lanes, 0, words);
            buf.limit(n);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            done += n;
        }
    }

    /** Four bf16 values from 64 random bits: sign, exponent 2^-7..2^-4, 7 mantissa bits per lane. */
    static long bf16Lanes(long r) {
        long sign = r & 0x8000_8000_8000_8000L;
        long mant = r & 0x007f_007f_007f_007fL;
        long exp = ((r >>> 7) & 0x0003_0003_0003_0003L) + 0x0078_0078_0078_0078L;
        return sign | (exp << 7) | mant;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z == 0 ? 1 : z;
    }
}
