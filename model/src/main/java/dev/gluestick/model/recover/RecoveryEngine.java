package dev.gluestick.model.recover;

import dev.gluestick.model.recover.svd.Correction;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.io.onnx.OnnxCheckpoint;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.PrunedCheckpointMatcher;
import dev.gluestick.model.prune.SparsityPattern;
import dev.gluestick.model.recover.svd.Residuals;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.TopSvd;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The GLUESTICK engine over one checkpoint: prunes (or takes the pruned weights given), computes
 * each layer's gap spectrum and top-R_max correction factors, and keeps the factors for export.
 *
 * <p>Layers stream one at a time: the dense weight, its pruned copy and the gap of one layer are
 * the only large arrays alive, whatever the model size. Cancellation is a thread interrupt,
 * checked between layers.
 */
public final class RecoveryEngine implements AutoCloseable {

    /** Correction kept in the heap before spilling to a temporary folder. */
    public static final long DEFAULT_FACTOR_MEMORY = 512L << 20;

    private final Checkpoint dense;
    private final List<LinearLayer> layers;
    private final PrunedWeights pruned;
    private final int maxRank;
    private final FactorStore factors;
    private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ModelAnalysis analysis;

    private RecoveryEngine(Checkpoint dense, List<LinearLayer> layers, PrunedWeights pruned, int maxRank, FactorStore factors) {
        this.dense = dense;
        this.layers = List.copyOf(layers);
        this.pruned = pruned;
        this.maxRank = maxRank;
        this.factors = factors;
        this.warnings.addAll(pruned.warnings());
    }

    /**
     * Prepares an engine; checks the pruning source against the layers at once (calibration
     * vectors, external checkpoint names and shapes), before any long computation.
     *
     * @param dense the dense checkpoint (stays owned by the caller)
     * @param layers the layers to prune and correct
     * @param maxRank R_max: spectra and factors are computed to this rank (capped per layer)
     */
    public static RecoveryEngine open(Checkpoint dense, List<LinearLayer> layers, PruneSource source, int maxRank) {
        return open(dense, layers, source, maxRank, new FactorStore(DEFAULT_FACTOR_MEMORY));
    }

    public static RecoveryEngine open(Checkpoint dense, List<LinearLayer> layers, PruneSource source, int maxRank,
            FactorStore store) {
        Objects.requireNonNull(dense);
        if (dense instanceof OnnxCheckpoint onnx) {
            onnx.requirePrunable(); // a quantized graph: say so, rather than "no layers found"
        }
        if (maxRank < 0) {
            throw new InputException("--max-rank must be >= 0, got " + maxRank);
        }
        if (layers.isEmpty()) {
            throw new InputException("no prunable linear layers selected in " + dense.path()
                    + " (check --include/--exclude)");
        }
        return new RecoveryEngine(dense, layers, PrunedWeights.open(dense, layers, source), maxRank, store);
    }

    public Checkpoint dense() {
        return dense;
    }

    public List<LinearLayer> layers() {
        return layers;
    }

    public PrunedWeights prunedWeights() {
        return pruned;
    }

    /**
     * Non-fatal findings so far: an external pruned tensor in another dtype, or one that is not
     * sparser than its dense original (the wrong file?).
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public FactorStore factors() {
        return factors;
    }

    public int maxRank() {
        return maxRank;
    }

    /**
     * Analyses every layer.
     *
     * @param onLayer called with each finished layer (in order), e.g. to fill a table as it goes
     * @throws CancellationException when the thread is interrupted
     */
    public ModelAnalysis analyze(ProgressListener progress, Consumer<LayerAnalysis> onLayer) {
        List<LayerAnalysis> out = new ArrayList<>(layers.size());
        long totalParams = layers.stream().mapToLong(LinearLayer::parameterCount).sum();
        long doneParams = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("analysis cancelled after " + i + " of " + layers.size() + " layers");
            }
            LinearLayer layer = layers.get(i);
            progress.update(doneParams, totalParams, "layer " + (i + 1) + "/" + layers.size() + " " + layer.modulePath());
            LayerAnalysis a = analyzeLayer(layer);
            out.add(a);
            onLayer.accept(a);
            doneParams += layer.parameterCount();
        }
        progress.update(totalParams, totalParams, "analysed " + layers.size() + " layers");
        analysis = new ModelAnalysis(dense.path(), dense.layout(),
                dense.config().map(c -> c.modelType()).orElse("unknown"), dominantDType(), out, otherBytes(),
                pruned.source().describe(), maxRank);
        return analysis;
    }

    /** The last completed analysis. */
    public java.util.Optional<ModelAnalysis> analysis() {
        return java.util.Optional.ofNullable(analysis);
    }

    private LayerAnalysis analyzeLayer(LinearLayer layer) {
        float[] w = readChecked(layer);
        float[] wp = pruned.pruned(layer, w);
        SparsityPattern pattern = SparsityPattern.detect(layer.tensorName(), wp, layer.rows(), layer.cols());
        if (pruned.external().isPresent()) {
            SparsityPattern densePattern = SparsityPattern.detect(layer.tensorName(), w, layer.rows(), layer.cols());
            PrunedCheckpointMatcher.compare(layer, densePattern, pattern).warning()
                    .ifPresent(wa -> warnings.add(wa.message()));
        }
        double weightNorm = Math.sqrt(Residuals.frobeniusSquared(w));
        float[] g = Weights.difference(w, wp);
        w = null;
        wp = null;
        // TopSvd caps the rank at the layer's size and answers rank 0 with the gap energy alone.
        SvdResult svd = TopSvd.compute(g, layer.rows(), layer.cols(), maxRank);
        factors.put(layer.tensorName(), svd.correction(svd.k()));
        Spectrum spectrum = svd.values().toSpectrum();
        return new LayerAnalysis(layer, pattern.nonzeros(), pattern.nm(), weightNorm, spectrum);
    }

    /** The dense weight, refusing NaN or infinite values (they would poison every SVD). */
    public float[] readChecked(LinearLayer layer) {
        float[] w = dense.readFloats(layer.tensorName());
        int bad = Weights.countNonFinite(w);
        if (bad > 0) {
            throw new InputException("tensor " + layer.tensorName() + " in " + dense.path() + " has " + bad
                    + " NaN or infinite weights; fix the checkpoint or --exclude the layer");
        }
        return w;
    }

    /** The singular values of W itself (for the detail view's flat vs steep comparison). */
    public Spectrum weightSpectrum(LinearLayer layer, int k) {
        return TopSvd.values(readChecked(layer), layer.rows(), layer.cols(), k).toSpectrum();
    }

    /**
     * A block of the dense and pruned weight, for the mask picture; clipped at the matrix edge.
     */
    public WeightBlock block(LinearLayer layer, int row0, int col0, int height, int width) {
        float[] w = readChecked(layer);
        float[] wp = pruned.pruned(layer, w);
        return WeightBlock.cut(layer, w, wp, row0, col0, height, width);
    }

    private DType dominantDType() {
        Map<DType, Long> params = new EnumMap<>(DType.class);
        for (LinearLayer l : layers) {
            params.merge(l.dtype(), l.parameterCount(), Long::sum);
        }
        return params.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
    }

    private long otherBytes() {
        Set<String> analysed = new HashSet<>();
        for (LinearLayer l : layers) {
            analysed.add(l.tensorName());
        }
        long bytes = 0;
        for (TensorInfo t : dense.tensors()) {
            if (!analysed.contains(t.name())) {
                bytes += t.byteSize();
            }
        }
        return bytes;
    }

    /** Closes the pruning source and deletes spilled factors; the dense checkpoint stays open. */
    @Override
    public void close() {
        try {
            pruned.close();
        } finally {
            factors.close();
        }
    }
}
