package dev.gluestick.views.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.prune.PruneChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainViewModelTest {

    @TempDir
    Path dir;

    @Test
    void openThenAnalyzeFillsEveryPanel() {
        Fixtures f = new Fixtures(dir, false);
        f.main.open(f.modelPath);
        assertThat(f.main.modelProperty().get().layers()).hasSize(6);
        assertThat(f.main.loadedTextProperty().get()).startsWith("tiny-model: 6 linear layers");
        assertThat(f.main.canAnalyzeProperty().get()).isTrue();
        assertThat(f.main.canExportProperty().get()).isFalse();

        f.main.analyze();

        assertThat(f.failures).isEmpty();
        assertThat(f.main.analysisProperty().get().layers()).hasSize(6);
        assertThat(f.main.rank().availableProperty().get()).isTrue();
        assertThat(f.main.layers().selectedProperty().get()).isNotNull();
        assertThat(f.main.detail().gapProperty().get()).isNotNull();
        assertThat(f.main.canExportProperty().get()).isTrue();
        assertThat(f.main.loadedTextProperty().get()).contains("magnitude 2:4").contains("6 layers analysed");
        assertThat(f.executor.submittedTitles()).anyMatch(t -> t.startsWith("Analyzing tiny-model (magnitude 2:4)"));
    }

    @Test
    void aMissingFileEndsInOnePlainMessageAndChangesNothing() {
        Fixtures f = new Fixtures(dir, false);
        f.main.open(dir.resolve("nope.safetensors"));
        assertThat(f.failures).singleElement().asString().contains("nope.safetensors").contains("no such checkpoint");
        assertThat(f.main.modelProperty().get()).isNull();
        assertThat(f.main.canAnalyzeProperty().get()).isFalse();
    }

    @Test
    void aFailedAnalysisKeepsTheModelOpenAndReportsWhy() {
        Fixtures f = new Fixtures(dir, false);
        f.main.open(f.modelPath);
        f.main.prune().methodProperty().set(PruneChoice.WANDA_NM);
        f.main.prune().calibrationProperty().set(dir.resolve("missing-norms.safetensors").toString());
        f.main.analyze();
        assertThat(f.failures).singleElement().asString().contains("missing-norms.safetensors");
        assertThat(f.main.modelProperty().get()).isNotNull();
        assertThat(f.main.analysisProperty().get()).isNull();
    }

    @Test
    void reopeningDropsTheOldAnalysis() {
        Fixtures f = new Fixtures(dir, false).analysed();
        f.main.open(f.modelPath);
        assertThat(f.main.analysisProperty().get()).isNull();
        assertThat(f.main.rank().availableProperty().get()).isFalse();
        assertThat(f.main.layers().getRows()).allMatch(r -> r.getAnalysis() == null);
    }

    @Test
    void recentFilesKeepTheNewestFirstAndSurviveARestart() throws Exception {
        Path store = dir.resolve("cfg/recent.txt");
        RecentFiles r = new RecentFiles(store);
        r.add(dir.resolve("a"));
        r.add(dir.resolve("b"));
        r.add(dir.resolve("a"));
        assertThat(new RecentFiles(store).getPaths()).containsExactly(dir.resolve("a"), dir.resolve("b"));
        for (int i = 0; i < 15; i++) {
            r.add(dir.resolve("m" + i));
        }
        assertThat(new RecentFiles(store).getPaths()).hasSize(RecentFiles.MAX).first().isEqualTo(dir.resolve("m14"));
        assertThat(Files.list(store.getParent())).containsExactly(store);
    }

    @Test
    void theBundledSampleOpensWhenThereIsOne() {
        Fixtures with = new Fixtures(dir, true);
        assertThat(with.main.openBundledSample()).isTrue();
        assertThat(with.main.modelProperty().get()).isNotNull();
        Fixtures without = new Fixtures(dir, false);
        assertThat(without.main.openBundledSample()).isFalse();
    }

    @Test
    void memoryReadingNamesUsedAndMax() {
        Fixtures f = new Fixtures(dir, false);
        f.main.refreshMemory();
        assertThat(f.main.memoryTextProperty().get()).matches("JVM .* / .*");
    }
}
