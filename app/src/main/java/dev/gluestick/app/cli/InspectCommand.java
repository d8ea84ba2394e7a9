package dev.gluestick.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.checkpoint.ModelConfig;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LayerSelection;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.tensor.WeightStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gluestick inspect PATH}: what a checkpoint holds and which linear layers GLUESTICK would
 * work on. Reads headers only unless {@code --stats} asks for per-layer statistics. The JSON field
 * names are a stable interface documented in docs/cli-inspect.md.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Show a checkpoint's model type, tensor and parameter counts, bytes by dtype, and its linear layers.",
            "PATH is a .safetensors file or a Hugging Face model folder (model.safetensors or sharded)."
        })
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A .safetensors file or a Hugging Face model folder.")
    Path path;

    @Option(names = "--json", description = "Print JSON instead of text (field reference: docs/cli-inspect.md).")
    boolean json;

    @Option(names = "--stats", description = "Read every linear layer: sparsity, Frobenius norm, NaN/Inf counts.")
    boolean stats;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Only these modules (repeatable). A bare name like q_proj matches the last path component; "
                    + "a glob with * or ? matches the whole module path.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave these modules out (repeatable; same syntax).")
    List<String> exclude = new ArrayList<>();

    /** One linear layer and, with --stats, its statistics. */
    record LayerRow(LinearLayer layer, Optional<WeightStats> stats) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LayerSelection selection = selection();
        try (Checkpoint checkpoint = Checkpoints.open(path)) {
            for (String w : checkpoint.warnings()) {
                err.println("gluestick: warning: " + w);
            }
            List<LinearLayer> layers = LayerDiscovery.discover(checkpoint.linearCandidates(), selection);
            List<LayerRow> rows = new ArrayList<>();
            float[] buffer = new float[0];
            for (LinearLayer l : layers) {
                Optional<WeightStats> s = Optional.empty();
                if (stats) {
                    int n = Math.toIntExact(l.parameterCount());
                    if (buffer.length < n) {
                        buffer = new float[n];
                    }
                    checkpoint.readFloats(l.tensorName(), buffer, 0);
                    WeightStats ws = WeightStats.of(buffer, 0, n);
                    if (ws.hasNonFinite()) {
                        err.println("gluestick: warning: " + checkpoint.path() + ": tensor '" + l.tensorName() + "' has "
                                + ws.nanCount() + " NaN and " + ws.infCount() + " Inf values");
                    }
                    s = Optional.of(ws);
                }
                rows.add(new LayerRow(l, s));
            }
            if (json) {
                out.println(toJson(checkpoint, rows));
            } else {
                printText(out, checkpoint, rows);
            }
            out.flush();
            err.flush();
        }
        return GluestickCommand.EXIT_OK;
    }

    private LayerSelection selection() {
        try {
            return LayerSelection.of(include, exclude);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "bad --include/--exclude: " + e.getMessage());
        }
    }

    static Map<DType, Long> bytesByDtype(List<TensorInfo> tensors) {
        Map<DType, Long> m = new EnumMap<>(DType.class);
        for (TensorInfo t : tensors) {
            m.merge(t.dtype(), t.byteSize(), Long::sum);
        }
        return m;
    }

    private void printText(PrintWriter out, Checkpoint c, List<LayerRow> rows) {
        List<TensorInfo> tensors = c.tensors();
        long params = tensors.stream().mapToLong(TensorInfo::elementCount).sum();
        out.printf(Locale.ROOT, "Checkpoint:  %s (%s)%n", c.path(), c.layout().name().toLowerCase(Locale.ROOT));
        Optional<ModelConfig> cfg = c.config();
        out.printf(Locale.ROOT, "Model type:  %s%s%n", cfg.map(ModelConfig::modelType).orElse("unknown (no config.json)"),
                cfg.flatMap(ModelConfig::firstArchitecture).map(a -> " (" + a + ")").orElse(""));
        out.printf(Locale.ROOT, "Tensors:     %,d%n", tensors.size());
        out.printf(Locale.ROOT, "Parameters:  %,d%n", params);
        out.println("Bytes by dtype:");
        bytesByDtype(tensors).forEach((d, b) -> out.printf(Locale.ROOT, "  %-8s %,18d  (%s)%n", d.safetensorsName(), b, human(b)));
        long linearParams = rows.stream().mapToLong(r -> r.layer().parameterCount()).sum();
        out.printf(Locale.ROOT, "Linear layers: %,d (%,d parameters)%n", rows.size(), linearParams);
        if (rows.isEmpty()) {
            return;
        }
        int w = Math.max(4, rows.stream().mapToInt(r -> r.layer().modulePath().length()).max().orElse(4));
        String head = String.format(Locale.ROOT, "  %-" + w + "s  %-12s  %-7s  %14s", "NAME", "SHAPE", "DTYPE", "PARAMETERS");
        if (stats) {
            head += String.format(Locale.ROOT, "  %8s  %12s  %6s  %6s", "SPARSITY", "FROB_NORM", "NAN", "INF");
        }
        out.println(head);
        for (LayerRow r : rows) {
            LinearLayer l = r.layer();
            String line = String.format(Locale.ROOT, "  %-" + w + "s  %-12s  %-7s  %,14d", l.modulePath(), l.shapeString(),
                    l.dtype().safetensorsName(), l.parameterCount());
            if (r.stats().isPresent()) {
                WeightStats s = r.stats().get();
                line += String.format(Locale.ROOT, "  %7.2f%%  %12.5g  %6d  %6d", 100 * s.sparsity(), s.frobeniusNorm(),
                        s.nanCount(), s.infCount());
            }
            out.println(line);
        }
    }

    private String toJson(Checkpoint c, List<LayerRow> rows) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        List<TensorInfo> tensors = c.tensors();
        root.put("path", c.path().toString());
        root.put("layout", c.layout().name());
        Optional<ModelConfig> cfg = c.config();
        if (cfg.isPresent()) {
            ObjectNode conf = root.putObject("config");
            conf.put("model_type", cfg.get().modelType());
            ArrayNode arch = conf.putArray("architectures");
            cfg.get().architectures().forEach(arch::add);
            ObjectNode sizes = conf.putObject("sizes");
            cfg.get().sizes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        } else {
            root.putNull("config");
        }
        root.put("model_type", cfg.map(ModelConfig::modelType).orElse("unknown"));
        root.put("tensor_count", tensors.size());
        root.put("parameter_count", tensors.stream().mapToLong(TensorInfo::elementCount).sum());
        ObjectNode bytes = root.putObject("bytes_by_dtype");
        bytesByDtype(tensors).forEach((d, b) -> bytes.put(d.safetensorsName(), b));
        root.put("total_bytes", tensors.stream().mapToLong(TensorInfo::byteSize).sum());
        root.put("linear_layer_count", rows.size());
        root.put("linear_parameter_count", rows.stream().mapToLong(r -> r.layer().parameterCount()).sum());
        ArrayNode layers = root.putArray("linear_layers");
        for (LayerRow r : rows) {
            LinearLayer l = r.layer();
            ObjectNode n = layers.addObject();
            n.put("name", l.modulePath());
            n.put("tensor", l.tensorName());
            if (l.block().isPresent()) {
                n.put("block", l.block().getAsInt());
            } else {
                n.putNull("block");
            }
            n.put("sublayer", l.sublayer());
            n.putArray("shape").add(l.rows()).add(l.cols());
            n.put("dtype", l.dtype().safetensorsName());
            n.put("parameters", l.parameterCount());
            n.put("source_file", c.sourceFile(l.tensorName()));
            if (r.stats().isPresent()) {
                WeightStats s = r.stats().get();
                ObjectNode st = n.putObject("stats");
                st.put("sparsity", s.sparsity());
                st.put("zeros", s.zeros());
                st.put("frobenius_norm", s.frobeniusNorm());
                st.put("nan_count", s.nanCount());
                st.put("inf_count", s.infCount());
            }
        }
        ArrayNode warnings = root.putArray("warnings");
        c.warnings().forEach(warnings::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize inspect report", e);
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
