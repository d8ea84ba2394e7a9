package dev.gluestick.samples.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.samples.world.Colour;
import dev.gluestick.samples.world.Sensor;
import dev.gluestick.samples.world.Vocabulary;
import dev.gluestick.samples.world.WorldParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The policy as a Hugging Face-style folder: {@code model.safetensors} (float32; tensors named
 * {@code policy.layers.<i>.fc.weight|bias}, {@code policy.head.weight|bias}, PyTorch layout) and
 * {@code config.json} ({@code model_type} "gluestick-nav-policy", sizes, observation layout,
 * vocabulary, action scaling).
 *
 * <p>Float32 rather than bf16: the checkpoint is only 4 MB either way, and float32 keeps the
 * dense policy exactly what training produced, so the pruned-vs-recovered comparison is not
 * blurred by a rounding step the real VLA checkpoints would not have had at training time.
 */
public final class PolicyCheckpoint {

    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyCheckpoint() {}

    public static String weightName(String module) {
        return module + ".weight";
    }

    public static String biasName(String module) {
        return module + ".bias";
    }

    /**
     * Writes the folder {@code dir} (which must not exist, or be empty) through a temporary sibling
     * folder moved into place at the end, so a failure leaves nothing behind.
     *
     * @param metadata provenance for the safetensors {@code __metadata__} (seed, recipe, ...)
     * @throws InputException if {@code dir} exists and is not an empty folder
     */
    public static void save(PolicyWeights weights, Path dir, Map<String, String> metadata) {
        if (weights.isFactored()) {
            throw new IllegalArgumentException("save merged or dense weights; adapters are exported by the engine");
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new InputException(target + ": output folder already exists and is not empty");
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
            try {
                List<TensorInfo> infos = new ArrayList<>();
                Map<String, float[]> values = new LinkedHashMap<>();
                for (LinearWeights w : weights.layers()) {
                    infos.add(new TensorInfo(weightName(w.module()), DType.F32, new long[] {w.rows(), w.cols()}));
                    values.put(weightName(w.module()), w.weightView());
                    infos.add(new TensorInfo(biasName(w.module()), DType.F32, new long[] {w.rows()}));
                    values.put(biasName(w.module()), w.biasView());
                }
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("format", "pt");
                meta.putAll(metadata);
                SafetensorsWriter.writeFloats(tmp.resolve(WEIGHTS_FILE), infos, values, meta,
                        SafetensorsWriter.Overwrite.REFUSE);
                Files.writeString(tmp.resolve(CONFIG_FILE), configJson(weights.config()), StandardCharsets.UTF_8);
                if (Files.exists(target)) {
                    Files.delete(target); // empty, checked above
                }
                try {
                    // createTempDirectory makes it owner-only (0700); a model folder is ordinary data.
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: keep its defaults.
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The config.json text for an architecture. */
    public static String configJson(NavPolicyConfig cfg) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model_type", NavPolicyConfig.MODEL_TYPE);
        root.putArray("architectures").add("GluestickNavPolicy");
        root.put("observation_size", NavPolicyConfig.observationSize());
        root.put("hidden_size", cfg.hiddenSize());
        root.put("num_hidden_layers", cfg.numHiddenLayers());
        root.put("action_size", NavPolicyConfig.ACTION_SIZE);
        root.put("hidden_act", "relu");
        root.put("torch_dtype", "float32");
        ArrayNode modules = root.putArray("linear_modules");
        cfg.modules().forEach(modules::add);
        ObjectNode obs = root.putObject("observation");
        obs.put("rays", WorldParams.RAYS);
        obs.put("ray_fov_degrees", 360);
        ArrayNode rf = obs.putArray("ray_features");
        rf.add("obstacle_proximity");
        for (Colour c : Colour.values()) {
            rf.add(c.word() + "_beacon_proximity");
        }
        obs.put("max_range", WorldParams.MAX_RANGE);
        obs.put("obstacle_proximity", "exp(-min(d, max_range) / range_scale)");
        obs.put("range_scale", WorldParams.RANGE_SCALE);
        obs.put("beacon_range", WorldParams.BEACON_RANGE);
        obs.put("instruction_slots", Vocabulary.SLOTS);
        obs.putArray("velocity").add("v / v_max").add("omega / omega_max");
        obs.put("layout", "[rays x ray_features (ray-major, ray 0 ahead, counter-clockwise)]"
                + " + [instruction_slots x vocab_size one-hot] + [velocity]");
        ArrayNode vocab = root.putArray("vocabulary");
        Vocabulary.WORDS.forEach(vocab::add);
        root.put("vocab_size", Vocabulary.WORDS.size());
        ObjectNode act = root.putObject("action_scaling");
        act.put("v_max", WorldParams.V_MAX);
        act.put("omega_max", WorldParams.OMEGA_MAX);
        act.put("v", "v_max * clamp((out[0] + 1) / 2, 0, 1)");
        act.put("omega", "omega_max * clamp(out[1], -1, 1)");
        act.put("dt", WorldParams.DT);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a policy folder (the shipped sample, a retrained one, or an engine export's {@code
     * model/} folder with pruned weights).
     *
     * @throws InputException for a missing or foreign config, a size that does not match this
     *     world's observation, or a missing, misshapen or non-finite tensor
     */
    public static PolicyWeights load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a policy folder (expected a folder with " + CONFIG_FILE + " and "
                    + WEIGHTS_FILE + ")");
        }
        NavPolicyConfig cfg = readConfig(dir.resolve(CONFIG_FILE));
        try (Checkpoint ck = Checkpoints.open(dir)) {
            List<LinearWeights> layers = new ArrayList<>();
            for (int l = 0; l < cfg.layerCount(); l++) {
                String m = cfg.module(l);
                float[] w = readTensor(ck, weightName(m), cfg.outputsOf(l), cfg.inputsOf(l));
                float[] b = readTensor(ck, biasName(m), cfg.outputsOf(l), -1);
                layers.add(new LinearWeights(m, cfg.outputsOf(l), cfg.inputsOf(l), w, b));
            }
            return PolicyWeights.dense(cfg, layers);
        }
    }

    static float[] readTensor(Checkpoint ck, String name, long rows, long cols) {
        Optional<TensorInfo> info = ck.tensor(name);
        if (info.isEmpty()) {
            throw new InputException(ck.path() + ": tensor " + name + " is missing");
        }
        long[] want = cols < 0 ? new long[] {rows} : new long[] {rows, cols};
        if (!java.util.Arrays.equals(info.get().shape(), want)) {
            throw new InputException(ck.path() + ": tensor " + name + " has shape [" + info.get().shapeString()
                    + "], expected [" + (cols < 0 ? rows : rows + "x" + cols) + "]");
        }
        if (!info.get().dtype().isComputable()) {
            throw new InputException(ck.path() + ": tensor " + name + " has non-float dtype " + info.get().dtype());
        }
        float[] v = ck.readFloats(name);
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new InputException(ck.path() + ": tensor " + name + " holds NaN or infinite values");
            }
        }
        return v;
    }

    static NavPolicyConfig readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": missing (a policy folder needs its config.json)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String type = root.path("model_type").asText("");
        if (!NavPolicyConfig.MODEL_TYPE.equals(type)) {
            throw new InputException(file + ": model_type is '" + type + "', expected '" + NavPolicyConfig.MODEL_TYPE + "'");
        }
        expect(file, root, "observation_size", NavPolicyConfig.observationSize());
        expect(file, root, "action_size", NavPolicyConfig.ACTION_SIZE);
        expect(file, root.path("observation"), "rays", WorldParams.RAYS);
        if (root.has("vocabulary") && !root.get("vocabulary").toString().equals(JSON.valueToTree(Vocabulary.WORDS).toString())) {
            throw new InputException(file + ": vocabulary differs from this world's " + Vocabulary.WORDS);
        }
        int hidden = positiveInt(file, root, "hidden_size");
        int layers = positiveInt(file, root, "num_hidden_layers");
        try {
            return new NavPolicyConfig(hidden, layers);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage());
        }
    }

    private static void expect(Path file, JsonNode node, String key, int value) {
        if (!node.path(key).canConvertToInt() || node.path(key).asInt() != value) {
            throw new InputException(file + ": " + key + " is " + node.path(key) + ", this world needs " + value
                    + " (observation size " + Sensor.SIZE + ")");
        }
    }

    private static int positiveInt(Path file, JsonNode root, String key) {
        JsonNode n = root.path(key);
        if (!n.isIntegralNumber() || n.asInt() <= 0 || n.asInt() > 65536) {
            throw new InputException(file + ": " + key + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
