package dev.gluestick.app.cli;

import dev.gluestick.model.io.onnx.OnnxCheckpoint;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.prune.Pruner;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.TopSvd;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gluestick bench onnx MODEL.onnx}: how long opening an ONNX model takes, against reading
 * the whole file sequentially in the same run, and how much of each linear layer's 2:4 pruning gap
 * a rank-r correction captures on these (real) weights.
 */
@Command(
        name = "onnx",
        mixinStandardHelpOptions = true,
        description = {
            "Times opening an .onnx model (median) against a sequential read of the same file, then",
            "prunes every linear layer 2:4 by magnitude and prints the gap energy captured at each rank."
        })
public final class OnnxBenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An .onnx file.")
    Path model;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed opens and reads (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--ranks", split = ",", defaultValue = "8,32,64,128",
            description = "Ranks at which to report the captured gap energy E(r) (default: ${DEFAULT-VALUE}).")
    List<Integer> ranks;

    @Option(names = "--per-layer", description = "Print E(r) for every layer, not only the summary by sublayer.")
    boolean perLayer;

    @Override
    public void run() {
        if (repeats <= 0 || ranks.isEmpty() || ranks.stream().anyMatch(r -> r <= 0)) {
            throw new ParameterException(spec.commandLine(), "need --repeats > 0 and positive --ranks");
        }
        PrintWriter out = spec.commandLine().getOut();
        // Opening validates the file and fails with a one-line InputException before any timing.
        try (OnnxCheckpoint first = OnnxCheckpoint.open(model)) {
            long size = size(model);
            out.printf("model %s: %.1f MB, %d tensors, %d linear layers, producer '%s'%n", model.getFileName(),
                    size / 1e6, first.tensors().size(), first.linearLayers().size(), first.producer());
            double readMs = median(() -> readWholeFile(model));
            double openMs = median(() -> {
                try (OnnxCheckpoint c = OnnxCheckpoint.open(model)) {
                    return c.tensors().size();
                }
            });
            double weightsMs = median(() -> {
                long n = 0;
                for (LinearLayer l : first.linearLayers()) {
                    n += first.readFloats(l.tensorName()).length;
                }
                return n;
            });
            out.printf("%-44s %10s %10s%n", "step (median of " + repeats + ")", "ms", "x read");
            out.printf("%-44s %10.1f %10.2f%n", "read the whole file sequentially (reference)", readMs, 1.0);
            out.printf("%-44s %10.1f %10.3f%n", "open: parse graph, locate initializers", openMs, openMs / readMs);
            out.printf("%-44s %10.1f %10.2f%n", "read every linear weight as [out, in] f32", weightsMs, weightsMs / readMs);
            out.flush();
            gapEnergy(first, out);
        }
    }

    private void gapEnergy(OnnxCheckpoint c, PrintWriter out) {
        Pruner pruner = new Pruner(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)));
        int maxRank = ranks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<String, List<double[]>> bySublayer = new LinkedHashMap<>();
        out.println();
        out.println("gap energy E(r) captured after 2:4 magnitude pruning (top-" + maxRank + " SVD of W - Wp)");
        if (perLayer) {
            out.printf("%-48s %10s%s%n", "layer", "shape", header());
        }
        long t0 = System.nanoTime();
        for (LinearLayer l : c.linearLayers()) {
            if (l.cols() % 4 != 0) {
                out.printf("%-48s skipped: d_in %d is not a multiple of 4%n", l.tensorName(), l.cols());
                continue;
            }
            float[] w = c.readFloats(l.tensorName());
            float[] wp = pruner.prune(l, w, null);
            for (int i = 0; i < w.length; i++) {
                w[i] -= wp[i];
            }
            SvdResult svd = TopSvd.compute(w, l.rows(), l.cols(), maxRank);
            double[] e = new double[ranks.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = svd.capturedEnergy(Math.min(ranks.get(i), svd.k()));
            }
            bySublayer.computeIfAbsent(kind(l), k -> new ArrayList<>()).add(e);
            if (perLayer) {
                out.printf("%-48s %10s%s%n", l.tensorName(), l.shapeString(), row(e));
            }
        }
        out.printf("%-40s %6s %10s%s%n", "sublayer (mean over blocks)", "layers", "", header());
        List<double[]> all = new ArrayList<>();
        bySublayer.forEach((kind, rows) -> {
            all.addAll(rows);
            out.printf("%-40s %6d %10s%s%n", kind, rows.size(), "", row(mean(rows)));
        });
        if (!all.isEmpty()) {
            out.printf("%-40s %6d %10s%s%n", "all", all.size(), "", row(mean(all)));
        }
        out.printf("(%d layers pruned and analyzed in %.1f s)%n", all.size(), (System.nanoTime() - t0) / 1e9);
        out.flush();
    }

    /** The module path without the block prefix, e.g. {@code attention.self.query}. */
    private static String kind(LinearLayer l) {
        String m = l.modulePath();
        if (l.block().isPresent()) {
            String marker = "." + l.block().getAsInt() + ".";
            int at = m.indexOf(marker);
            if (at >= 0) {
                m = m.substring(at + marker.length());
            }
        }
        return m + " " + l.shapeString();
    }

    private String header() {
        StringBuilder sb = new StringBuilder();
        for (int r : ranks) {
            sb.append(String.format(" %8s", "E(" + r + ")"));
        }
        return sb.toString();
    }

    private static String row(double[] e) {
        StringBuilder sb = new StringBuilder();
        for (double v : e) {
            sb.append(String.format(" %8.4f", v));
        }
        return sb.toString();
    }

    private static double[] mean(List<double[]> rows) {
        double[] m = new double[rows.get(0).length];
        for (double[] r : rows) {
            for (int i = 0; i < m.length; i++) {
                m[i] += r[i] / rows.size();
            }
        }
        return m;
    }

    private double median(LongSupplier work) {
        long sink = work.getAsLong(); // warm-up: JIT, page cache
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            sink += work.getAsLong();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == Long.MIN_VALUE) {
            spec.commandLine().getErr().print(""); // keeps the results observable to the JIT
        }
        Arrays.sort(ms);
        return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
    }

    private static long readWholeFile(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long total = 0;
            int n;
            while ((n = ch.read(buf)) >= 0) {
                total += n;
                buf.clear();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
