package dev.gluestick.model.io.onnx;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.checkpoint.ModelConfig;
import dev.gluestick.model.checkpoint.ModelConfigReader;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.FloatCodec;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code .onnx} model opened as a checkpoint. Opening parses the protobuf structure and checks
 * every initializer's size and location, but reads no tensor values; those are read one tensor at a
 * time on request, from the mapped model file or from external data files next to it.
 *
 * <p>Tensors are the initializers with a workbench dtype (float32, float16 and bfloat16 for
 * computing; integer, bool, float64 and float8 ones pass through). Linear layers are the
 * initializers multiplied by MatMul/Gemm nodes, presented in PyTorch's {@code [out, in]} layout
 * and, when the exporter generated their name, named after the node's module scope. {@link
 * #nameMapping()} says what was renamed or transposed.
 */
public final class OnnxCheckpoint implements Checkpoint {

    private final Path path;
    private final PayloadReader payloads;
    private final OnnxModel model;
    private final Map<String, PresentedTensor> tensors;
    private final List<LinearLayer> linearLayers;
    private final List<String> notes;
    private final Optional<String> unsupportedReason;
    private final Map<String, String> metadata;
    private final Optional<ModelConfig> config;
    private volatile boolean closed;

    private OnnxCheckpoint(Path path, MappedFile file, OnnxModel model, GraphLayers layers, Optional<ModelConfig> config) {
        this.path = path;
        this.config = config;
        this.payloads = new PayloadReader(file);
        this.model = model;
        Map<String, PresentedTensor> byName = new LinkedHashMap<>();
        List<LinearLayer> linear = new ArrayList<>();
        for (PresentedTensor p : layers.presented()) {
            byName.put(p.info().name(), p);
            if (p.linear()) {
                String module = OnnxNaming.modulePath(p.info().name());
                linear.add(new LinearLayer(p.info().name(), module, (int) p.info().dim(0), (int) p.info().dim(1),
                        p.info().dtype(), OnnxNaming.block(module), OnnxNaming.sublayer(module)));
            }
        }
        this.tensors = byName;
        this.linearLayers = List.copyOf(linear);
        List<String> allNotes = new ArrayList<>(model.notes());
        allNotes.addAll(layers.notes());
        this.notes = List.copyOf(allNotes);
        this.unsupportedReason = layers.quantizedReason();
        Map<String, String> meta = new LinkedHashMap<>(model.metadataProps());
        meta.put("onnx.ir_version", Long.toString(model.irVersion()));
        if (!model.producerName().isEmpty()) {
            meta.put("onnx.producer", (model.producerName() + " " + model.producerVersion()).trim());
        }
        Long opset = model.opsets().get("");
        if (opset != null) {
            meta.put("onnx.opset", Long.toString(opset));
        }
        this.metadata = java.util.Collections.unmodifiableMap(meta); // keeps file order: reproducible exports
    }

    /**
     * Opens an {@code .onnx} file.
     *
     * @throws InputException if the file cannot be read, is not a well-formed ONNX model, or an
     *     initializer's data is short, missing, or outside the model's folder
     */
    public static OnnxCheckpoint open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InputException(path + ": not found or not a file");
        }
        MappedFile file = MappedFile.open(path);
        OnnxModel model = OnnxModelReader.read(file);
        Path folder = path.toAbsolutePath().getParent();
        Optional<ModelConfig> config = folder == null ? Optional.empty() : ModelConfigReader.readIfPresent(folder);
        return new OnnxCheckpoint(path, file, model, GraphLayers.of(model), config);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public CheckpointLayout layout() {
        return CheckpointLayout.ONNX;
    }

    /** {@code config.json} next to the model (Hugging Face Optimum exports put one there). */
    @Override
    public Optional<ModelConfig> config() {
        return config;
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors.values().stream().map(PresentedTensor::info).toList();
    }

    @Override
    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(tensors.get(name)).map(PresentedTensor::info);
    }

    /** ONNX {@code metadata_props}, plus {@code onnx.ir_version}, {@code onnx.producer}, {@code onnx.opset}. */
    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor comes from the one model file (external data is an ONNX storage detail). */
    @Override
    public String sourceFile(String tensorName) {
        presented(tensorName);
        return path.getFileName().toString();
    }

    @Override
    public float[] readFloats(String tensorName) {
        PresentedTensor p = presented(tensorName);
        if (!p.info().dtype().isComputable()) {
            throw new InputException(path + ": tensor " + tensorName + " is " + p.info().dtype().safetensorsName()
                    + ", not floating point");
        }
        if (!p.transposed()) {
            return FloatCodec.decode(payloads.read(p.source(), p.info().dtype()), p.info().dtype());
        }
        // Decode first, then transpose floats: cheaper than transposing narrow byte elements.
        float[] stored = FloatCodec.decode(payloads.read(p.source(), p.info().dtype()), p.info().dtype());
        return TensorBytes.transpose(stored, (int) p.source().dim(0), (int) p.source().dim(1));
    }

    @Override
    public byte[] readBytes(String tensorName) {
        PresentedTensor p = presented(tensorName);
        byte[] stored = payloads.read(p.source(), p.info().dtype());
        if (!p.transposed()) {
            return stored;
        }
        // Stored [in, out]; presented [out, in] = dims swapped.
        return TensorBytes.transpose(stored, (int) p.source().dim(0), (int) p.source().dim(1), p.info().dtype().byteWidth());
    }

    /** The linear layers found in the graph, in initializer order, with presented names and {@code [out, in]} shapes. */
    public List<LinearLayer> linearLayers() {
        return linearLayers;
    }

    /**
     * For every linear weight and every renamed tensor: presented name, the initializer's name in
     * the file, the node it was found through, and whether it is transposed. For the export report.
     */
    public List<OnnxTensorMapping> nameMapping() {
        return tensors.values().stream()
                .filter(p -> p.linear() || p.mapping().renamed())
                .map(PresentedTensor::mapping)
                .toList();
    }

    /** Initializers skipped (no workbench dtype, sparse), weights shared by several nodes, metadata left out. */
    @Override
    public List<String> warnings() {
        return notes;
    }

    /** Only the MatMul/Gemm weights: a 2-D {@code *.weight} fed to another op is not a linear layer. */
    @Override
    public List<TensorInfo> linearCandidates() {
        return tensors.values().stream().filter(PresentedTensor::linear).map(PresentedTensor::info).toList();
    }

    /** Why this model cannot be pruned (a quantized graph), or empty when it can. */
    public Optional<String> pruningUnsupportedReason() {
        return unsupportedReason;
    }

    /**
     * Call before pruning.
     *
     * @throws InputException naming the file and the reason when the model cannot be pruned
     */
    public void requirePrunable() {
        unsupportedReason.ifPresent(reason -> {
            throw new InputException(path + ": " + reason);
        });
    }

    /**
     * The external data files the presented tensors are read from (absolute, inside the model's
     * folder), so a copy of the files next to the model can leave these dense weights out.
     */
    public java.util.Set<Path> externalDataFiles() {
        java.util.Set<Path> files = new java.util.TreeSet<>();
        for (PresentedTensor p : tensors.values()) {
            if (p.source().data() instanceof TensorData.External ext) {
                files.add(ext.file());
            }
        }
        return java.util.Collections.unmodifiableSet(files);
    }

    /** ONNX producer (e.g. "pytorch 2.0.1"), empty when the file does not say. */
    public String producer() {
        return (model.producerName() + " " + model.producerVersion()).trim();
    }

    private PresentedTensor presented(String tensorName) {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        PresentedTensor p = tensors.get(tensorName);
        if (p == null) {
            throw new InputException(path + ": no tensor named " + tensorName);
        }
        return p;
    }

    /** Drops the mapping; the OS unmaps it once it is garbage-collected (Java offers no explicit unmap). */
    @Override
    public void close() {
        closed = true;
    }
}
