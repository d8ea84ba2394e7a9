package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.samples.policy.LinearWeights;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyCheckpoint;
import dev.gluestick.samples.policy.PolicyWeights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GluestickCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path smallPolicy() {
        NavPolicyConfig cfg = new NavPolicyConfig(32, 2);
        SplittableRandom rnd = new SplittableRandom(3);
        List<LinearWeights> ls = new ArrayList<>();
        for (int l = 0; l < cfg.layerCount(); l++) {
            float[] w = new float[cfg.outputsOf(l) * cfg.inputsOf(l)];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * Math.sqrt(2.0 / cfg.inputsOf(l)));
            }
            ls.add(new LinearWeights(cfg.module(l), cfg.outputsOf(l), cfg.inputsOf(l), w, new float[cfg.outputsOf(l)]));
        }
        Path dir = tmp.resolve("policy");
        PolicyCheckpoint.save(PolicyWeights.dense(cfg, ls), dir, Map.of());
        return dir;
    }

    @Test
    void evalPrintsRatesAsJson() throws Exception {
        Path model = smallPolicy();
        assertThat(run("sample", "eval", model.toString(), "--episodes", "3", "--json")).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("episodes").asInt()).isEqualTo(3);
        assertThat(j.get("success_rate").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("unsafe_rate").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("mean_steps").asDouble()).isPositive();
        int total = 0;
        for (JsonNode n : j.get("outcomes")) {
            total += n.asInt();
        }
        assertThat(total).isEqualTo(3);
    }

    @Test
    void evalPrintsTextByDefault() {
        Path model = smallPolicy();
        assertThat(run("sample", "eval", model.toString(), "--episodes", "2")).isEqualTo(0);
        assertThat(out.toString()).contains("success").contains("unsafe").contains("mean length");
    }

    @Test
    void engineExportEvaluatesTheSameFactoredAndMerged() throws Exception {
        Path model = smallPolicy();
        Path outDir = tmp.resolve("rec");
        assertThat(run("recover", model.toString(), "--prune", "magnitude", "--nm", "2:4", "--rank", "4",
                "--merged", "--factor-dtype", "f32", "--quiet", "--out", outDir.toString())).isEqualTo(0);
        out.getBuffer().setLength(0);
        assertThat(run("sample", "eval", outDir.resolve("model").toString(), "--adapter",
                outDir.resolve("adapter").toString(), "--episodes", "4", "--json")).isEqualTo(0);
        JsonNode factored = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("sample", "eval", outDir.resolve("merged").toString(), "--episodes", "4", "--json")).isEqualTo(0);
        JsonNode merged = new ObjectMapper().readTree(out.toString());
        assertThat(factored.get("outcomes")).isEqualTo(merged.get("outcomes"));
        assertThat(factored.get("mean_steps")).isEqualTo(merged.get("mean_steps"));
    }

    @Test
    void evalOfAMissingModelExitsWithBadInput() {
        assertThat(run("sample", "eval", tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope");
    }

    @Test
    void evalRejectsZeroEpisodes() {
        Path model = smallPolicy();
        assertThat(run("sample", "eval", model.toString(), "--episodes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--episodes");
    }

    @Test
    void evalRejectsAnAdapterFolderWithoutAdapter() {
        Path model = smallPolicy();
        assertThat(run("sample", "eval", model.toString(), "--adapter", tmp.toString(), "--episodes", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("adapter_config.json");
    }

    @Test
    void trainRefusesANonEmptyOutputFolder() throws Exception {
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("x"), "keep");
        assertThat(run("sample", "train", "--out", taken.toString(), "--seed", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("already exists");
        assertThat(taken.resolve("x")).hasContent("keep");
    }

    @Test
    void calibrateWritesNormsPerModule() throws Exception {
        Path model = smallPolicy();
        Path file = tmp.resolve("calib.safetensors");
        assertThat(run("sample", "calibrate", model.toString(), "--out", file.toString(), "--episodes", "2")).isEqualTo(0);
        try (var ck = dev.gluestick.model.checkpoint.Checkpoints.open(file)) {
            assertThat(ck.tensor("policy.layers.0.fc")).isPresent();
            assertThat(ck.tensor("policy.head").get().shape()).containsExactly(32);
            float[] n = ck.readFloats("policy.layers.0.fc");
            assertThat(n).hasSize(NavPolicyConfig.observationSize());
            // The instruction's "go" token is always present: its channel has a positive norm.
            assertThat(n[dev.gluestick.samples.world.Sensor.RAY_BLOCK + dev.gluestick.samples.world.Vocabulary.WORDS.indexOf("go")])
                    .isPositive();
        }
    }
}
