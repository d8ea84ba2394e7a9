package dev.gluestick.app.ui;

import dev.gluestick.app.Version;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.export.ExportOptions;
import dev.gluestick.model.export.ExportResult;
import dev.gluestick.model.export.Exporter;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LayerSelection;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.PruneSource;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.recover.WeightBlock;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.episode.EpisodeSource;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.ExportRequest;
import dev.gluestick.views.service.OpenedModel;
import dev.gluestick.views.service.PruneSpec;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.WorkbenchService;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * The window's service over the real engine: one open checkpoint and the engine of its latest
 * analysis (which holds the correction factors for export). Opening another model closes both.
 * Every method runs on a worker thread; the engine reads the checkpoint thread-safely.
 */
public final class EngineWorkbenchService implements WorkbenchService, AutoCloseable {

    private final Optional<Path> sample;
    private final BiFunction<Analysis, RecoveryEngine, Optional<SampleTaskEvaluator>> evaluators;
    private Checkpoint checkpoint;
    private OpenedModel opened;
    private Session session;

    /**
     * What one analysis left behind: the engine keeps the factors the export writes; the sample
     * evaluator (made on first request) is shared by the task curve and the episode viewer.
     */
    private record Session(Analysis analysis, RecoveryEngine engine, ModelAnalysis result,
            java.util.concurrent.atomic.AtomicReference<Optional<SampleTaskEvaluator>> evaluator) {
        Session(Analysis analysis, RecoveryEngine engine, ModelAnalysis result) {
            this(analysis, engine, result, new java.util.concurrent.atomic.AtomicReference<>());
        }
    }

    /**
     * @param sample the bundled sample folder, if this installation has one
     * @param evaluators the sample evaluator (task accuracy and episodes) for an analysis of the
     *     bundled sample, given the engine that holds its pruned weights and factors; usually
     *     {@code (a, engine) -> Optional.of(SampleTaskEvaluator.create(a, engine))}
     */
    public EngineWorkbenchService(Optional<Path> sample,
            BiFunction<Analysis, RecoveryEngine, Optional<SampleTaskEvaluator>> evaluators) {
        this.sample = sample;
        this.evaluators = evaluators;
    }

    @Override
    public synchronized OpenedModel open(Path path, ProgressSink progress) {
        progress.message("reading headers");
        Checkpoint cp = Checkpoints.open(path);
        try {
            List<LinearLayer> layers = LayerDiscovery.discover(cp.linearCandidates());
            closeQuietly();
            checkpoint = cp;
            long bytes = cp.tensors().stream().mapToLong(TensorInfo::byteSize).sum();
            long params = layers.stream().mapToLong(LinearLayer::parameterCount).sum();
            DType dtype = dominant(layers);
            String summary = String.format(Locale.ROOT, "%s, %d tensors, %d linear layers (%s params), %s, %s%s",
                    layout(cp), cp.tensors().size(), layers.size(), Format.count(params), dtype.safetensorsName(),
                    Format.bytes(bytes), cp.warnings().isEmpty() ? "" : "; " + cp.warnings().size() + " warnings: "
                            + String.join("; ", cp.warnings()));
            boolean isSample = sample.map(s -> s.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize()))
                    .orElse(false);
            opened = new OpenedModel(path, summary, layers, dtype, bytes, isSample);
            return opened;
        } catch (RuntimeException e) {
            if (checkpoint != cp) {
                cp.close();
            }
            throw e;
        }
    }

    private static String layout(Checkpoint cp) {
        return switch (cp.layout()) {
            case SAFETENSORS_FILE -> "safetensors file";
            case FOLDER_SINGLE -> "model folder";
            case FOLDER_SHARDED -> "sharded model folder";
            case ONNX -> "ONNX graph";
        };
    }

    private static DType dominant(List<LinearLayer> layers) {
        Map<DType, Long> n = new EnumMap<>(DType.class);
        for (LinearLayer l : layers) {
            n.merge(l.dtype(), l.parameterCount(), Long::sum);
        }
        return n.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
    }

    @Override
    public Optional<Path> bundledSample() {
        return sample;
    }

    @Override
    public Analysis analyze(OpenedModel model, AnalysisRequest request, ProgressSink progress,
            Consumer<LayerAnalysis> onLayerDone) {
        Checkpoint cp;
        synchronized (this) {
            if (model != opened || checkpoint == null) {
                throw new CancellationException("another model was opened");
            }
            cp = checkpoint;
        }
        List<LinearLayer> layers = LayerDiscovery.discover(cp.linearCandidates(),
                LayerSelection.of(request.include(), request.exclude()));
        RecoveryEngine engine = RecoveryEngine.open(cp, layers, source(request.prune()), request.maxRank());
        try {
            for (String w : engine.prunedWeights().warnings()) {
                progress.message("warning: " + w);
            }
            ModelAnalysis result = engine.analyze((done, total, message) -> {
                progress.progress(done, total);
                progress.message(message);
            }, onLayerDone);
            List<String> warnings = engine.warnings();
            String description = result.prune() + ", R_max " + request.maxRank()
                    + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
            Analysis a = new Analysis(model, request, result.layers(), result.otherBytes(), result.baseDType(), description,
                    warnings);
            synchronized (this) {
                if (model != opened) {
                    throw new CancellationException("another model was opened");
                }
                if (session != null) {
                    session.engine().close();
                }
                session = new Session(a, engine, result);
            }
            return a;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    static PruneSource source(PruneSpec spec) {
        if (spec instanceof PruneSpec.BuiltIn b) {
            return new PruneSource.BuiltIn(b.method(), b.calibration());
        }
        return new PruneSource.External(((PruneSpec.External) spec).prunedCheckpoint());
    }

    private synchronized Session sessionFor(Analysis analysis) {
        if (session == null || session.analysis() != analysis) {
            // The user moved on (new analysis or model); whoever asked will drop the answer.
            throw new CancellationException("the analysis is no longer current");
        }
        return session;
    }

    @Override
    public Spectrum weightSpectrum(Analysis analysis, LinearLayer layer, int k) {
        return sessionFor(analysis).engine().weightSpectrum(layer, k);
    }

    @Override
    public WeightBlock weightBlock(Analysis analysis, LinearLayer layer, int row0, int col0, int rows, int cols) {
        return sessionFor(analysis).engine().block(layer, row0, col0, rows, cols);
    }

    @Override
    public ExportResult export(Analysis analysis, Allocation allocation, ExportRequest request, ProgressSink progress) {
        Session s = sessionFor(analysis);
        ExportOptions options = new ExportOptions(request.adapter(), request.merged(), Optional.of(request.factorDType()),
                request.storageForm(), Version.get());
        return Exporter.export(s.engine(), s.result(), allocation, options, request.outDir(), (done, total, message) -> {
            progress.progress(done, total);
            progress.message(message);
        });
    }

    @Override
    public Optional<TaskEvaluator> taskEvaluator(Analysis analysis) {
        return sampleEvaluator(analysis).map(e -> e);
    }

    @Override
    public Optional<EpisodeSource> episodeSource(Analysis analysis) {
        return sampleEvaluator(analysis).map(e -> e);
    }

    private Optional<SampleTaskEvaluator> sampleEvaluator(Analysis analysis) {
        if (!analysis.model().sample()) {
            return Optional.empty();
        }
        Session s;
        synchronized (this) {
            s = session;
        }
        if (s == null || s.analysis() != analysis) {
            return Optional.empty();
        }
        // One per analysis, made once even when the task curve and the viewer ask at the same time.
        synchronized (s.evaluator()) {
            Optional<SampleTaskEvaluator> e = s.evaluator().get();
            if (e == null) {
                e = evaluators.apply(analysis, s.engine());
                s.evaluator().set(e);
            }
            return e;
        }
    }

    private void closeQuietly() {
        if (session != null) {
            session.engine().close();
            session = null;
        }
        if (checkpoint != null) {
            checkpoint.close();
            checkpoint = null;
        }
        opened = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
