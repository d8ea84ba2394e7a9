package dev.gluestick.views.service;

import dev.gluestick.model.export.ExportResult;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.recover.WeightBlock;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.jobs.ProgressSink;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the window asks of the engine. View-models depend on this interface only, so they
 * are tested against an in-memory implementation and the app supplies the real one over
 * {@code model}. Every method may be slow and is called on a worker thread, never the UI thread;
 * cancellation arrives as a thread interrupt ({@link InterruptedException} or a closed channel).
 */
public interface WorkbenchService {

    /** Opens a checkpoint (file, Hugging Face folder, sharded folder, .onnx): headers only. */
    OpenedModel open(Path path, ProgressSink progress) throws Exception;

    /** The bundled sample checkpoint folder, when this installation has one. */
    Optional<Path> bundledSample();

    /**
     * Prunes (or matches an external pruned checkpoint) and computes each selected layer's gap
     * spectrum up to {@code request.maxRank()}.
     *
     * @param onLayerDone called from the worker as each layer finishes, in any order
     */
    Analysis analyze(OpenedModel model, AnalysisRequest request, ProgressSink progress,
            Consumer<LayerAnalysis> onLayerDone) throws Exception;

    /** The top {@code k} singular values of the dense weight W itself (for the detail chart). */
    Spectrum weightSpectrum(Analysis analysis, LinearLayer layer, int k) throws Exception;

    /** A block of the dense and the pruned weight, for the mask heat map; clipped at the matrix edge. */
    WeightBlock weightBlock(Analysis analysis, LinearLayer layer, int row0, int col0, int rows, int cols)
            throws Exception;

    /** Writes the pruned base, the adapter (and optionally merged weights) for an allocation. */
    ExportResult export(Analysis analysis, Allocation allocation, ExportRequest request, ProgressSink progress)
            throws Exception;

    /** A task-level evaluator (success and unsafe rate) for models that can be run, such as the sample. */
    Optional<TaskEvaluator> taskEvaluator(Analysis analysis);

    /** Episode by episode runs for the episode viewer, for models that can be run (the sample). */
    default Optional<dev.gluestick.views.episode.EpisodeSource> episodeSource(Analysis analysis) {
        return Optional.empty();
    }
}
