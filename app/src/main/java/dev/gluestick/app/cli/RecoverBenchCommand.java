package dev.gluestick.app.cli;

import dev.gluestick.app.Version;
import dev.gluestick.app.bench.SyntheticLlama;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.export.ExportOptions;
import dev.gluestick.model.export.Exporter;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.ProgressListener;
import dev.gluestick.model.recover.PruneSource;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.recover.svd.Lapack;
import dev.gluestick.model.recover.svd.NativeMatrix;
import dev.gluestick.model.recover.svd.SyntheticMatrices;
import dev.gluestick.model.tradeoff.Bytes;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gluestick bench recover}: the whole pipeline (2:4 magnitude, top-R_max SVD per layer,
 * export at a uniform rank) on the synthetic Llama-7B-shaped bf16 checkpoint, with wall time,
 * peak memory (RSS, heap, JavaCPP native) and the time the run's GEMM work would need at the
 * SGEMM rate measured in the same run.
 *
 * <p>GEMM work per layer (p x q, p >= q, l = R_max + 8): {@code p q^2} for the Gram matrix
 * (syrk) + {@code 4 p q l} for one Rayleigh-Ritz refinement + {@code 2 p q l} for the final
 * projection. It is a lower bound: eigen-solves and extra refinement steps are not counted.
 */
@Command(
        name = "recover",
        mixinStandardHelpOptions = true,
        description = {
            "Whole-model benchmark: prune 2:4, analyse to R_max and export, on the synthetic",
            "Llama-7B-shaped bf16 checkpoint; wall time, peak memory and the GEMM-bound time."
        })
public final class RecoverBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder for the synthetic checkpoint (reused when present).")
    Path dir;

    @Option(names = "--blocks", defaultValue = "32", description = "Transformer blocks (default: ${DEFAULT-VALUE}, as Llama-7B).")
    int blocks;

    @Option(names = "--max-rank", defaultValue = "256", description = "R_max (default: ${DEFAULT-VALUE}).")
    int maxRank;

    @Option(names = "--rank", defaultValue = "64", description = "Uniform rank exported (default: ${DEFAULT-VALUE}).")
    int rank;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SyntheticLlama spec7b = SyntheticLlama.llama7b(blocks);
        if (!spec7b.isPresentIn(dir)) {
            out.printf("writing %s into %s%n", spec7b.describe(), dir);
            out.flush();
            spec7b.writeTo(dir);
        }
        double sgemm = sgemmGflops();
        out.printf(Locale.ROOT, "gluestick %s bench recover: %d blocks, R_max %d, export rank %d; SGEMM 4096^3 median %.1f GFLOP/s%n",
                Version.get(), blocks, maxRank, rank, sgemm);
        MemoryWatch watch = MemoryWatch.start();
        Path outDir = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "bench-recover-").resolve("out");
        long t0 = System.nanoTime();
        double gemmFlops = 0;
        double analyseSeconds;
        double exportSeconds;
        ModelAnalysis analysis;
        try (Checkpoint cp = Checkpoints.open(dir)) {
            List<LinearLayer> layers = LayerDiscovery.discover(cp.tensors());
            PruneSource twoFour = new PruneSource.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty());
            for (LinearLayer l : layers) {
                double p = Math.max(l.rows(), l.cols());
                double q = Math.min(l.rows(), l.cols());
                double lw = Math.min(q, maxRank + 8);
                gemmFlops += p * q * q + 6 * p * q * lw;
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), false, "params");
            try (RecoveryEngine engine = RecoveryEngine.open(cp, layers, twoFour, maxRank)) {
                analysis = engine.analyze(bar, a -> {});
                bar.finish();
                analyseSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                Exporter.export(engine, analysis, analysis.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(rank)),
                        ExportOptions.defaults(Version.get()), outDir, ProgressListener.NONE);
                exportSeconds = (System.nanoTime() - t1) / 1e9;
            }
        } finally {
            deleteTree(outDir.getParent());
        }
        MemoryWatch.Peaks peaks = watch.stop();
        double gemmSeconds = gemmFlops / (sgemm * 1e9);
        out.printf(Locale.ROOT, "layers %d, linear parameters %.2f B%n", analysis.layers().size(),
                analysis.layers().stream().mapToLong(a -> a.layer().parameterCount()).sum() / 1e9);
        out.printf(Locale.ROOT, "analyse: %.1f s (%.2f s per layer); export: %.1f s; total %.1f s%n", analyseSeconds,
                analyseSeconds / analysis.layers().size(), exportSeconds, analyseSeconds + exportSeconds);
        out.printf(Locale.ROOT, "GEMM-bound time at the measured SGEMM rate: %.1f s; analyse / GEMM-bound = %.2fx%n",
                gemmSeconds, analyseSeconds / gemmSeconds);
        out.printf(Locale.ROOT, "peak RSS %s (of which anonymous, i.e. not mapped weight files: %s), peak heap used %s"
                + " (max heap %s), peak JavaCPP native %s%n", Bytes.human(peaks.rss()), Bytes.human(peaks.anonymous()),
                Bytes.human(peaks.heap()), Bytes.human(Runtime.getRuntime().maxMemory()), Bytes.human(peaks.nativeBytes()));
        out.printf("load average at the end: %s%n", BenchSvdCommand.loadAverage());
        return 0;
    }

    private static double sgemmGflops() {
        int n = 4096;
        double[] rates = new double[4];
        try (NativeMatrix a = NativeMatrix.ofColumnMajor(SyntheticMatrices.gaussian(n, n, 1), n, n);
                NativeMatrix b = NativeMatrix.ofColumnMajor(SyntheticMatrices.gaussian(n, n, 2), n, n);
                NativeMatrix c = NativeMatrix.allocate(n, n)) {
            for (int i = 0; i < rates.length; i++) {
                long t = System.nanoTime();
                Lapack.gemm(Lapack.Op.N, Lapack.Op.N, 1f, a, b, 0f, c);
                rates[i] = 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
            }
        }
        double[] timed = Arrays.copyOfRange(rates, 1, rates.length); // the first run warms up the threads
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    /** Samples RSS, heap and JavaCPP native memory every 50 ms; peaks are what a run needs. */
    static final class MemoryWatch {
        record Peaks(long rss, long anonymous, long heap, long nativeBytes) {}

        private final AtomicLong rss = new AtomicLong();
        private final AtomicLong anon = new AtomicLong();
        private final AtomicLong heap = new AtomicLong();
        private final AtomicLong nat = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static MemoryWatch start() {
            MemoryWatch w = new MemoryWatch();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            w.thread = new Thread(w::loop, "gluestick-memory-watch");
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        }

        private void loop() {
            while (running) {
                rss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                anon.accumulateAndGet(procStatus("RssAnon:"), Math::max);
                nat.accumulateAndGet(Pointer.totalBytes(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Peaks stop() {
            running = false;
            thread.interrupt();
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPeak += pool.getPeakUsage().getUsed();
                }
            }
            heap.set(heapPeak);
            return new Peaks(Math.max(rss.get(), procStatus("VmHWM:")), anon.get(), heap.get(), nat.get());
        }

        /**
         * A kB field of /proc/self/status in bytes (0 elsewhere). VmHWM is the kernel's high-water
         * mark of resident memory; RssAnon leaves out file pages, i.e. the memory-mapped weights,
         * which count as resident while cached but are the page cache's to drop.
         */
        private static long procStatus(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux: the sampled value stands
            }
            return 0;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
