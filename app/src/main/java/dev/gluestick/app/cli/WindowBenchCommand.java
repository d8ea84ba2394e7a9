package dev.gluestick.app.cli;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.StorageForm;
import dev.gluestick.views.layers.LayerTableViewModel;
import dev.gluestick.views.rank.RankMode;
import dev.gluestick.views.rank.RankViewModel;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.OpenedModel;
import dev.gluestick.views.service.PruneSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gluestick bench window}: the rank slider's handler on a 7B-shaped model (32 blocks x 7
 * projections = 224 layers, R_max 256): allocate, total, and refresh every table row, per tick,
 * in each slider mode. The reference is one 60 Hz frame (16.7 ms), the time the handler has.
 * Spectra are synthetic (flat, VLA-like decay) because the handler never looks at weights.
 */
@Command(
        name = "window",
        mixinStandardHelpOptions = true,
        description = {
            "Times the rank slider's handler (allocation, totals, 224 table rows) per tick in each mode",
            "on a synthetic 7B-shaped analysis, against the 16.7 ms of one 60 Hz frame."
        })
public final class WindowBenchCommand implements Callable<Integer> {

    private static final double FRAME_MS = 1000.0 / 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--blocks", defaultValue = "32", description = "Transformer blocks, 7 layers each (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--max-rank", defaultValue = "256", description = "R_max, singular values per layer (default: ${DEFAULT-VALUE}).")
    int maxRank;

    @Option(names = "--ticks", defaultValue = "2000", description = "Timed slider ticks per mode (default: ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic spectra and the tick sequence.")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Analysis analysis = syntheticAnalysis(blocks, maxRank, seed);
        RankViewModel rank = new RankViewModel();
        LayerTableViewModel table = new LayerTableViewModel(rank);
        table.setModel(analysis.model());
        table.setAnalysis(analysis);
        rank.setAnalysis(analysis);
        table.setAnalysis(analysis);
        out.printf(Locale.ROOT, "window bench: %d layers, R_max %d, %d timed ticks per mode (after %d warm-up)%n",
                analysis.layers().size(), maxRank, ticks, ticks / 4);
        out.println("handler = slider value set -> allocation, model totals, labels, chart point, every table row");
        Random rnd = new Random(seed);
        for (RankMode mode : RankMode.values()) {
            rank.modeProperty().set(mode);
            double lo = rank.minProperty().get();
            double hi = rank.maxProperty().get();
            double[] ms = new double[ticks];
            for (int i = -ticks / 4; i < ticks; i++) {
                double v = lo + rnd.nextDouble() * (hi - lo);
                long t0 = System.nanoTime();
                rank.valueProperty().set(v);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[ms.length / 2];
            out.printf(Locale.ROOT, "%-14s median %7.3f ms  p95 %7.3f ms  max %7.3f ms  median/frame %.4f%n",
                    mode.toString() + ":", median, ms[(int) (ms.length * 0.95)], ms[ms.length - 1], median / FRAME_MS);
        }
        // A storage-form change rebuilds the trade-off curve (all uniform ranks): not per tick, but still interactive.
        rank.modeProperty().set(RankMode.UNIFORM);
        double[] rebuild = new double[21];
        StorageForm[] forms = StorageForm.values();
        for (int i = -5; i < rebuild.length; i++) {
            long t0 = System.nanoTime();
            rank.storageFormProperty().set(forms[Math.floorMod(i, forms.length)]);
            long t1 = System.nanoTime();
            if (i >= 0) {
                rebuild[i] = (t1 - t0) / 1e6;
            }
        }
        Arrays.sort(rebuild);
        out.printf(Locale.ROOT, "storage form change (curve of %d uniform ranks rebuilt): median %.2f ms, median/frame %.3f%n",
                maxRank + 1, rebuild[rebuild.length / 2], rebuild[rebuild.length / 2] / FRAME_MS);
        return 0;
    }

    /** Llama-7B-shaped layers with flat, slowly decaying gap spectra and a 2:4 pattern. */
    static Analysis syntheticAnalysis(int blocks, int maxRank, long seed) {
        Random rnd = new Random(seed);
        List<LayerAnalysis> layers = new ArrayList<>();
        List<LinearLayer> linear = new ArrayList<>();
        String[][] shapes = {
            {"self_attn.q_proj", "4096", "4096"}, {"self_attn.k_proj", "4096", "4096"},
            {"self_attn.v_proj", "4096", "4096"}, {"self_attn.o_proj", "4096", "4096"},
            {"mlp.gate_proj", "11008", "4096"}, {"mlp.up_proj", "11008", "4096"}, {"mlp.down_proj", "4096", "11008"},
        };
        for (int b = 0; b < blocks; b++) {
            for (String[] s : shapes) {
                String module = "model.layers." + b + "." + s[0];
                int rows = Integer.parseInt(s[1]);
                int cols = Integer.parseInt(s[2]);
                LinearLayer l = new LinearLayer(module + ".weight", module, rows, cols, DType.BF16, OptionalInt.of(b),
                        s[0].substring(s[0].indexOf('.') + 1));
                int k = Math.min(maxRank, Math.min(rows, cols));
                float[] sv = new float[k];
                double top = 0;
                double scale = 0.5 + rnd.nextDouble();
                for (int i = 0; i < k; i++) {
                    sv[i] = (float) (scale * Math.pow(1 + i, -0.12));
                    top += (double) sv[i] * sv[i];
                }
                // Flat spectra: the top R_max values hold only a fraction of the gap energy.
                double total = top / (0.15 + 0.1 * rnd.nextDouble());
                double weightNorm = Math.sqrt(total) / (0.3 + 0.1 * rnd.nextDouble());
                linear.add(l);
                layers.add(new LayerAnalysis(l, l.parameterCount() / 2, Optional.of(new NMPattern(2, 4)), weightNorm,
                        Spectrum.of(sv, total)));
            }
        }
        long otherBytes = 2L * (2 * 32000L * 4096 + 4096L * (2 * blocks + 1));
        OpenedModel model = new OpenedModel(Path.of("synthetic-7b"), "synthetic", linear, DType.BF16,
                otherBytes + linear.stream().mapToLong(l -> 2 * l.parameterCount()).sum(), false);
        AnalysisRequest request = new AnalysisRequest(
                new PruneSpec.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty()), List.of(),
                List.of(), maxRank);
        return new Analysis(model, request, layers, otherBytes, DType.BF16, "synthetic 2:4");
    }
}
