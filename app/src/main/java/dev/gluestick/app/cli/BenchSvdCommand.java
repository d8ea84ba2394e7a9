package dev.gluestick.app.cli;

import dev.gluestick.model.recover.svd.Lapack;
import dev.gluestick.model.recover.svd.NativeMatrix;
import dev.gluestick.model.recover.svd.SingularValues;
import dev.gluestick.model.recover.svd.SvdMethod;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.SyntheticMatrices;
import dev.gluestick.model.recover.svd.TopSvd;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gluestick bench svd}: the top-k SVD against LAPACK's full {@code sgesdd} on the same
 * seeded matrix in the same run, plus an SGEMM of similar shape as the machine's roofline.
 *
 * <p>Flop counts (stated in the output): SGEMM {@code 2 p q k}; full thin SVD with vectors
 * {@code 6 p q^2 + 11 q^3} (Golub and Van Loan's R-SVD count); Gram-Ritz
 * {@code p q^2} (syrk) {@code + 4/3 q^3} (tridiagonalization) {@code + 2 q^2 l} (eigenvector
 * back-transform) {@code + it (4 p q l)} (two GEMMs per refinement step) {@code + 2 p q l}
 * (final projection), with p x q the matrix (p >= q), l = k + oversampling, it the steps taken.
 * sgesvdx is counted like the full SVD's bidiagonalization, {@code 4 p q^2 - 4/3 q^3}, plus
 * {@code 4 p q k} for its k vectors.
 */
@Command(
        name = "svd",
        mixinStandardHelpOptions = true,
        description = {
            "Times the top-k SVD against LAPACK's full sgesdd on the same seeded matrices.",
            "Prints medians, the ratio, the largest singular-value and E(r) errors against sgesdd,",
            "and GFLOP/s next to a measured SGEMM of similar shape."
        })
public final class BenchSvdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "4096x4096,11008x4096",
            description = "Matrix shapes ROWSxCOLS, comma separated (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--k", defaultValue = "256", description = "Singular triplets wanted (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per case; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--spectrum", defaultValue = "both",
            description = "flat (2:4 magnitude gap of a Gaussian matrix), decaying (s_i = 1/i) or both (default: ${DEFAULT-VALUE}).")
    String spectrum;

    @Option(names = "--methods", split = ",", defaultValue = "GRAM_RITZ",
            description = "Top-k methods to time against sgesdd: GRAM_RITZ, GESVDX (default: ${DEFAULT-VALUE}).")
    List<SvdMethod> methods;

    @Option(names = "--seed", defaultValue = "20251009", description = "Seed of the test matrices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        List<int[]> shapes = parseSizes();
        List<String> spectra = switch (spectrum.toLowerCase(Locale.ROOT)) {
            case "flat" -> List.of("flat");
            case "decaying" -> List.of("decaying");
            case "both" -> List.of("flat", "decaying");
            default -> throw new ParameterException(spec.commandLine(), "--spectrum must be flat, decaying or both, not '" + spectrum + "'");
        };
        if (k < 1 || repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--k and --repeat must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "# gluestick bench svd: k = %d, repeat = %d (medians), seed = %d, %d cores, load average %s%n",
                k, repeat, seed, Runtime.getRuntime().availableProcessors(), loadAverage());
        out.printf(Locale.ROOT, "# flops: sgemm 2pqk; sgesdd 6pq^2+11q^3; gram-ritz pq^2+4/3q^3+2q^2l+it*4pql+2pql; sgesvdx 4pq^2-4/3q^3+4pqk%n");
        out.printf(Locale.ROOT, "%-11s %-9s %-10s %9s %8s %8s %7s %11s %9s %5s%n",
                "size", "spectrum", "method", "median_s", "vs_gesdd", "GFLOP/s", "%sgemm", "max_rel_ds", "max_dE", "steps");
        out.flush();
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            int kk = Math.min(k, Math.min(rows, cols));
            double sgemmRate = sgemmGflops(rows, cols, kk);
            out.printf(Locale.ROOT, "%-11s %-9s %-10s %9s %8s %8.1f %7s%n",
                    rows + "x" + cols, "-", "sgemm", "-", "-", sgemmRate, "100%");
            out.flush();
            for (String kind : spectra) {
                float[] g = kind.equals("flat")
                        ? SyntheticMatrices.magnitudePrunedGap(rows, cols, 2, 4, seed)
                        : SyntheticMatrices.harmonic(rows, cols, seed);
                runCase(out, rows, cols, kk, kind, g, sgemmRate);
            }
        }
        return GluestickCommand.EXIT_OK;
    }

    private void runCase(PrintWriter out, int rows, int cols, int kk, String kind, float[] g, double sgemmRate) {
        double[] reference = new double[repeat];
        SvdResult exact = null;
        double[][] times = new double[methods.size()][repeat];
        SvdResult[] results = new SvdResult[methods.size()];
        // Interleave the methods so that a burst of load from other processes hits all of them.
        for (int run = 0; run < repeat; run++) {
            long t0 = System.nanoTime();
            exact = TopSvd.compute(g, rows, cols, kk, SvdMethod.GESDD);
            reference[run] = seconds(t0);
            for (int m = 0; m < methods.size(); m++) {
                long t1 = System.nanoTime();
                results[m] = TopSvd.compute(g, rows, cols, kk, methods.get(m));
                times[m][run] = seconds(t1);
            }
        }
        double refMedian = median(reference);
        double p = Math.max(rows, cols);
        double q = Math.min(rows, cols);
        print(out, rows, cols, kind, "sgesdd", refMedian, 1.0, (6 * p * q * q + 11 * q * q * q) / refMedian / 1e9, sgemmRate, 0, 0, 0);
        SingularValues reference0 = exact.values();
        for (int m = 0; m < methods.size(); m++) {
            SvdResult r = results[m];
            double median = median(times[m]);
            double flops = switch (methods.get(m)) {
                case GRAM_RITZ -> {
                    double l = Math.min(q, kk + Math.max(16, kk / 4));
                    yield p * q * q + 4.0 / 3 * q * q * q + 2 * q * q * l + r.iterations() * 4 * p * q * l + 2 * p * q * l;
                }
                case GESVDX -> 4 * p * q * q - 4.0 / 3 * q * q * q + 4 * p * q * kk;
                case GESDD -> 6 * p * q * q + 11 * q * q * q;
            };
            double maxRel = 0;
            double maxDe = 0;
            for (int i = 0; i < kk; i++) {
                double want = reference0.value(i);
                maxRel = Math.max(maxRel, Math.abs(r.value(i) - want) / want);
            }
            for (int i = 0; i <= kk; i++) {
                maxDe = Math.max(maxDe, Math.abs(r.capturedEnergy(i) - reference0.capturedEnergy(i)));
            }
            print(out, rows, cols, kind, methods.get(m).name().toLowerCase(Locale.ROOT), median, refMedian / median,
                    flops / median / 1e9, sgemmRate, maxRel, maxDe, r.iterations());
        }
    }

    private static void print(PrintWriter out, int rows, int cols, String kind, String method, double median, double speedup,
            double gflops, double sgemmRate, double maxRel, double maxDe, int steps) {
        out.printf(Locale.ROOT, "%-11s %-9s %-10s %9.2f %7.2fx %8.1f %6.0f%% %11.2e %9.2e %5d%n",
                rows + "x" + cols, kind, method, median, speedup, gflops, 100 * gflops / sgemmRate, maxRel, maxDe, steps);
        out.flush();
    }

    /** Median GFLOP/s of {@code C (p x k) = T (p x q) V (q x k)}: the shape of one refinement GEMM. */
    private double sgemmGflops(int rows, int cols, int kk) {
        int p = Math.max(rows, cols);
        int q = Math.min(rows, cols);
        double[] rates = new double[repeat + 1];
        try (NativeMatrix t = NativeMatrix.ofColumnMajor(SyntheticMatrices.gaussian(p, q, seed), p, q);
                NativeMatrix v = NativeMatrix.ofColumnMajor(SyntheticMatrices.gaussian(q, kk, seed + 1), q, kk);
                NativeMatrix c = NativeMatrix.allocate(p, kk)) {
            for (int run = 0; run <= repeat; run++) { // run 0 warms up OpenBLAS's threads
                long t0 = System.nanoTime();
                Lapack.gemm(Lapack.Op.N, Lapack.Op.N, 1f, t, v, 0f, c);
                rates[run] = 2.0 * p * q * kk / seconds(t0) / 1e9;
            }
        }
        return median(Arrays.copyOfRange(rates, 1, rates.length));
    }

    private List<int[]> parseSizes() {
        List<int[]> shapes = new ArrayList<>();
        for (String s : sizes) {
            String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                int rows = Integer.parseInt(parts[0]);
                int cols = Integer.parseInt(parts[1]);
                if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 8) {
                    throw new NumberFormatException();
                }
                if (cols % 4 != 0) {
                    throw new ParameterException(spec.commandLine(),
                            "--sizes: COLS must be a multiple of 4 (the flat case is a 2:4 pruning gap), not '" + s + "'");
                }
                shapes.add(new int[] {rows, cols});
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--sizes wants ROWSxCOLS like 4096x4096, not '" + s + "'");
            }
        }
        return shapes;
    }

    /** The 1, 5 and 15 minute load averages, for every bench's header: timings mean little without them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
