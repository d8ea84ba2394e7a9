package dev.gluestick.app.cli;

import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.prune.Pruner;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gluestick bench prune}: median time of every built-in pruner on a seeded Gaussian layer of
 * each orientation, against a plain copy of the same array (the memory-bound floor every pruner
 * pays, since it returns a pruned copy) timed in the same run. Reports wall and thread-CPU medians.
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = "Time the built-in pruners on seeded layers (both orientations) against an array copy.")
public final class PruneBenchCommand implements Runnable {

    @Option(names = "--rows", description = "d_out of the first layer (the second is transposed). Default: ${DEFAULT-VALUE}.")
    int rows = 4096;

    @Option(names = "--cols", description = "d_in of the first layer. Default: ${DEFAULT-VALUE}.")
    int cols = 11008;

    @Option(names = "--repeats", description = "Timed runs per method (after one warm-up). Default: ${DEFAULT-VALUE}.")
    int repeats = 7;

    @Option(names = "--seed", description = "Seed of the weights and norms. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (rows <= 0 || cols <= 0 || repeats <= 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "need 0 < rows * cols < 2^31 and repeats > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<PruneMethod> methods = List.of(
                new PruneMethod.Magnitude(0.5),
                new PruneMethod.MagnitudeNM(new NMPattern(2, 4)),
                new PruneMethod.Wanda(0.5),
                new PruneMethod.WandaNM(new NMPattern(2, 4)));
        out.printf("%-14s %-16s %10s %10s %8s%n", "layer", "method", "wall ms", "cpu ms", "x copy");
        int[][] shapes = rows == cols ? new int[][] {{rows, cols}} : new int[][] {{rows, cols}, {cols, rows}};
        for (int[] shape : shapes) {
            int r = shape[0];
            int c = shape[1];
            Random rnd = new Random(seed);
            float[] w = new float[r * c];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rnd.nextGaussian();
            }
            float[] norms = new float[c];
            for (int j = 0; j < c; j++) {
                norms[j] = (float) Math.abs(rnd.nextGaussian()) * 10f;
            }
            String label = r + "x" + c;
            double[] copy = median(() -> w.clone());
            out.printf("%-14s %-16s %10.1f %10.1f %8.2f%n", label, "copy (reference)", copy[0], copy[1], 1.0);
            for (PruneMethod m : methods) {
                Pruner p = new Pruner(m);
                double[] t = median(() -> p.prune("bench", w, r, c, norms));
                out.printf("%-14s %-16s %10.1f %10.1f %8.2f%n", label, m.describe(), t[0], t[1], t[1] / copy[1]);
            }
            out.flush();
        }
    }

    /**
     * Median wall and thread-CPU milliseconds. On a shared machine the CPU time is the steadier
     * number (it excludes time spent descheduled); the ratio column uses it.
     */
    private double[] median(java.util.function.Supplier<float[]> work) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long sink = work.get().length; // warm-up: JIT and page faults
        double[] wall = new double[repeats];
        double[] cpuMs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            float[] res = work.get();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpuMs[i] = cpu ? (mx.getCurrentThreadCpuTime() - c0) / 1e6 : wall[i];
            sink += Float.floatToRawIntBits(res[res.length / 2]);
        }
        if (sink == 42) {
            spec.commandLine().getErr().print(""); // keeps the results observable to the JIT
        }
        return new double[] {median(wall), median(cpuMs)};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
