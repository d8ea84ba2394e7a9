package dev.gluestick.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.app.bench.SyntheticLlama;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.OpenedModel;
import dev.gluestick.views.service.PruneSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's service over the real engine, without a window. */
class EngineWorkbenchServiceTest {

    @TempDir
    Path dir;

    @Test
    void analysisCarriesTheEngineWarningsToTheWindow() throws Exception {
        Path model = dir.resolve("llama");
        new SyntheticLlama(1, 32, 64, 64, 3, 1L << 30).writeTo(model);
        try (EngineWorkbenchService service = new EngineWorkbenchService(Optional.empty(), (a, e) -> Optional.empty())) {
            OpenedModel opened = service.open(model, ProgressSink.NONE);
            // The dense checkpoint passed as its own "pruned" copy: nothing was pruned.
            Analysis notPruned = service.analyze(opened,
                    new AnalysisRequest(new PruneSpec.External(model), List.of(), List.of(), 8), ProgressSink.NONE, l -> {});
            assertThat(notPruned.warnings()).hasSize(7).allMatch(w -> w.contains("not"));
            assertThat(notPruned.pruneDescription()).contains("7 warnings");

            Analysis pruned = service.analyze(opened, new AnalysisRequest(
                    new PruneSpec.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty()),
                    List.of(), List.of(), 8), ProgressSink.NONE, l -> {});
            assertThat(pruned.warnings()).isEmpty();
        }
    }
}
