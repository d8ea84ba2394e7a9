package dev.gluestick.model.recover;

import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small Llama-shaped checkpoints with seeded Gaussian weights, written with the real writer. */
public final class TinyModels {

    private TinyModels() {}

    /**
     * Two blocks of q/k/v/o (h x h), gate/up (f x h), down (h x f), plus embedding, norms, lm_head.
     *
     * @param shards 1 writes model.safetensors; more splits tensors round-robin over shards + index
     */
    public static Path llama(Path dir, int hidden, int ffn, DType dtype, int shards, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        add(infos, values, "model.embed_tokens.weight", 64, hidden, dtype, rnd);
        for (int b = 0; b < 2; b++) {
            String p = "model.layers." + b + ".";
            for (String n : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
                add(infos, values, p + "self_attn." + n + ".weight", hidden, hidden, dtype, rnd);
            }
            add(infos, values, p + "mlp.gate_proj.weight", ffn, hidden, dtype, rnd);
            add(infos, values, p + "mlp.up_proj.weight", ffn, hidden, dtype, rnd);
            add(infos, values, p + "mlp.down_proj.weight", hidden, ffn, dtype, rnd);
            add(infos, values, p + "input_layernorm.weight", 1, hidden, dtype, rnd);
        }
        add(infos, values, "lm_head.weight", 64, hidden, dtype, rnd);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": " + hidden
                + ", \"intermediate_size\": " + ffn + ", \"num_hidden_layers\": 2}");
        if (shards <= 1) {
            SafetensorsWriter.writeFloats(dir.resolve("model.safetensors"), infos, values, Map.of("format", "pt"),
                    SafetensorsWriter.Overwrite.REFUSE);
            return dir;
        }
        StringBuilder map = new StringBuilder();
        long total = 0;
        for (int s = 0; s < shards; s++) {
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<TensorInfo> part = new ArrayList<>();
            for (int i = s; i < infos.size(); i += shards) {
                part.add(infos.get(i));
                map.append(map.length() == 0 ? "" : ",").append('"').append(infos.get(i).name()).append("\":\"").append(file).append('"');
                total += infos.get(i).byteSize();
            }
            SafetensorsWriter.writeFloats(dir.resolve(file), part, values, Map.of("format", "pt"), SafetensorsWriter.Overwrite.REFUSE);
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": " + total + "}, \"weight_map\": {" + map + "}}");
        return dir;
    }

    private static void add(List<TensorInfo> infos, Map<String, float[]> values, String name, int rows, int cols,
            DType dtype, Random rnd) {
        long[] shape = rows == 1 ? new long[] {cols} : new long[] {rows, cols};
        infos.add(new TensorInfo(name, dtype, shape));
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        values.put(name, v);
    }
}
