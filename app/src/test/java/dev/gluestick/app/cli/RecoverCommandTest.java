package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.app.bench.SyntheticLlama;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recover, prune and analyze, run in-process on a small seeded Llama-shaped checkpoint. */
class RecoverCommandTest {

    @TempDir
    Path dir;

    Path model;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writeModel() {
        model = dir.resolve("llama");
        new SyntheticLlama(2, 32, 64, 64, 7, 1L << 30).writeTo(model);
    }

    @Test
    void recoverWritesBaseAdapterAndReport() {
        Path out = dir.resolve("out");
        Run r = run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--rank", "8", "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("model")).isDirectory();
        assertThat(out.resolve("adapter/adapter_model.safetensors")).isRegularFile();
        assertThat(out.resolve("adapter/adapter_config.json")).isRegularFile();
        assertThat(out.resolve("report.json")).isRegularFile();
        assertThat(out.resolve("merged")).doesNotExist();
        assertThat(r.out()).contains("uniform rank 8").contains("relative weight error").contains("adapter/adapter_model.safetensors");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void recoverJsonIsTheReportPlusTheFiles() throws Exception {
        Run r = run("recover", model.toString(), "--prune", "magnitude", "--sparsity", "0.5", "--energy", "0.5",
                "--out", dir.resolve("out").toString(), "--json", "-q", "--merged", "--factor-dtype", "f32");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("parameters").get("policy").asText()).isEqualTo("energy target 0.500");
        assertThat(json.get("parameters").get("factor_dtype").asText()).isEqualTo("F32");
        assertThat(json.get("layers")).hasSize(14);
        for (JsonNode l : json.get("layers")) {
            assertThat(l.get("captured_energy").asDouble()).isGreaterThanOrEqualTo(0.5);
        }
        assertThat(json.get("files").toString()).contains("merged/model.safetensors");
    }

    @Test
    void budgetAsAFractionOfTheDenseModel() throws Exception {
        Run r = run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--budget", "0.8",
                "--out", dir.resolve("out").toString(), "--json", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode totals = new ObjectMapper().readTree(r.out()).get("totals");
        assertThat(totals.get("ratio_to_dense").asDouble()).isLessThanOrEqualTo(0.8).isGreaterThan(0.7);
    }

    @Test
    void existingOutputFolderIsExitTwoWithOneLineAndUntouched() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "x");
        Run r = run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--rank", "4", "--out", out.toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("already exists");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void badInputIsExitTwoWithoutAStackTrace() {
        Run missing = run("recover", dir.resolve("nope").toString(), "--prune", "magnitude", "--nm", "2:4", "--rank", "4",
                "--out", dir.resolve("o").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").doesNotContain("at dev.");

        Run twoPolicies = run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--rank", "4",
                "--energy", "0.9", "--out", dir.resolve("o").toString());
        assertThat(twoPolicies.code()).isEqualTo(2);
        assertThat(twoPolicies.err()).contains("mutually exclusive");

        Run wanda = run("recover", model.toString(), "--prune", "wanda", "--nm", "2:4", "--rank", "4",
                "--out", dir.resolve("o").toString(), "-q");
        assertThat(wanda.code()).isEqualTo(2);
        assertThat(wanda.err()).contains("calibration");

        Run noPrune = run("recover", model.toString(), "--rank", "4", "--out", dir.resolve("o").toString());
        assertThat(noPrune.code()).isEqualTo(2);
        assertThat(noPrune.err()).contains("--prune");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void pruneWritesOnlyTheBaseAndPrunedCheckpointFeedsRecover() {
        Path pruned = dir.resolve("pruned");
        Run p = run("prune", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--out", pruned.toString(), "-q");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("sparsity 50.00%");
        assertThat(pruned.resolve("adapter")).doesNotExist();

        Run r = run("recover", model.toString(), "--pruned", pruned.resolve("model").toString(), "--rank", "4",
                "--out", dir.resolve("out").toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("external pruned checkpoint");
    }

    @Test
    void analyzeTabulatesRanksAndWritesNothing() throws Exception {
        Run r = run("analyze", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--ranks", "0,4,16", "--layers", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rank").contains("error after").contains("model.layers.1.mlp.down_proj.weight");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void energyTargetBeyondRmaxWarnsAndSaysWhatToRaise() {
        Run r = run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--energy", "0.99",
                "--max-rank", "4", "--out", dir.resolve("out").toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("14 layers got less rank than energy target 0.990").contains("--max-rank");
    }
}
