package dev.gluestick.views.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.views.fixture.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportViewModelTest {

    @TempDir
    Path dir;

    @Test
    void exportsTheCurrentAllocationAndSummarisesTheFiles() throws Exception {
        Fixtures f = new Fixtures(dir, false).analysed();
        f.main.rank().valueProperty().set(5);
        ExportViewModel e = f.main.export();
        e.prepare();
        assertThat(e.outDirProperty().get()).endsWith("tiny-model-gluestick");
        assertThat(e.factorDTypeProperty().get()).isEqualTo(DType.BF16);
        Path out = dir.resolve("out");
        e.outDirProperty().set(out.toString());
        assertThat(e.problemProperty().get()).isEmpty();

        e.export();

        assertThat(f.failures).isEmpty();
        assertThat(Files.readAllLines(out.resolve("report.csv"))).contains("model.layers.0.self_attn.q_proj,5");
        assertThat(e.summaryProperty().get()).startsWith("Wrote 1 files").contains("report.csv");
        assertThat(e.resultProperty().get().files()).hasSize(1);
    }

    @Test
    void refusesAnExistingNonEmptyFolder() throws Exception {
        Fixtures f = new Fixtures(dir, false).analysed();
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "user data");
        ExportViewModel e = f.main.export();
        e.outDirProperty().set(out.toString());
        assertThat(e.problemProperty().get()).contains("already exists and is not empty");
        e.export();
        assertThat(f.service.exportCount()).isZero();
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("user data");
    }

    @Test
    void acceptsAnExistingEmptyFolder() throws Exception {
        Fixtures f = new Fixtures(dir, false).analysed();
        ExportViewModel e = f.main.export();
        e.outDirProperty().set(Files.createDirectories(dir.resolve("empty")).toString());
        assertThat(e.problemProperty().get()).isEmpty();
    }

    @Test
    void refusesTheInputAFolderInsideItOrAroundIt() {
        Fixtures f = new Fixtures(dir, false).analysed();
        ExportViewModel e = f.main.export();
        e.outDirProperty().set(f.modelPath.toString());
        assertThat(e.problemProperty().get()).contains("must not be the input");
        e.outDirProperty().set(f.modelPath.resolve("export").toString());
        assertThat(e.problemProperty().get()).contains("must not be the input");
        e.outDirProperty().set(dir.toString());
        assertThat(e.problemProperty().get()).isNotEmpty();
    }

    @Test
    void refusesBeforeAnyAnalysisAndWithoutAFolder() {
        Fixtures f = new Fixtures(dir, false);
        ExportViewModel e = f.main.export();
        assertThat(e.problemProperty().get()).contains("Analyze a model");
        f.analysed();
        e.outDirProperty().set("  ");
        assertThat(e.problemProperty().get()).isEqualTo("Choose an output folder");
    }
}
