package dev.gluestick.app.cli;

import dev.gluestick.app.bench.SyntheticLlama;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gluestick bench io}: checkpoint I/O on a synthetic Llama-7B-shaped sharded bf16 model.
 * Times opening + listing layers, and decoding every linear weight to float32 against a plain
 * sequential read of the same shard files in the same run (the ratio is what to compare).
 */
@Command(
        name = "io",
        mixinStandardHelpOptions = true,
        description = {
            "Checkpoint I/O benchmark on a synthetic Llama-7B-shaped sharded bf16 checkpoint (about 13.5 GB at 32 blocks).",
            "The folder is reused when it already holds the same synthetic checkpoint; delete it when done."
        })
public final class IoBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder for the synthetic checkpoint.")
    Path dir;

    @Option(names = "--blocks", defaultValue = "32", description = "Transformer blocks (default: ${DEFAULT-VALUE}, as Llama-7B).")
    int blocks;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed repetitions; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--hidden", defaultValue = "4096", hidden = true)
    int hidden;

    @Option(names = "--intermediate", defaultValue = "11008", hidden = true)
    int intermediate;

    @Option(names = "--vocab", defaultValue = "32000", hidden = true)
    int vocab;

    @Option(names = "--shard-bytes", defaultValue = "5000000000", hidden = true)
    long shardBytes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (blocks < 1 || repeat < 1 || hidden < 1 || intermediate < 1 || vocab < 1 || shardBytes < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "sizes, --blocks and --repeat must be positive");
        }
        SyntheticLlama model = new SyntheticLlama(blocks, hidden, intermediate, vocab, 42, shardBytes);
        out.printf(Locale.ROOT, "gluestick bench io: %s, %.2f GB bf16 in %s%n", model.describe(), model.totalBytes() / 1e9, dir);
        if (model.isPresentIn(dir)) {
            out.println("reusing the synthetic checkpoint already in the folder");
            model.writeConfigIfMissing(dir);
        } else {
            long t0 = System.nanoTime();
            model.writeTo(dir);
            double s = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "wrote it in %.1f s (%.2f GB/s)%n", s, model.totalBytes() / 1e9 / s);
        }
        out.flush();

        // Open + list layers: one untimed warm-up (class loading, JIT), then the timed runs.
        openAndList();
        double[] openMs = new double[repeat];
        int layerCount = 0;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            layerCount = openAndList();
            openMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.printf(Locale.ROOT, "open + list layers:      median %8.2f ms  (%d linear layers; runs: %s)%n",
                median(openMs), layerCount, fmt(openMs, "%.2f"));
        out.flush();

        double[] seq = new double[repeat];
        double[] conv = new double[repeat];
        double[] ratio = new double[repeat];
        long[] counts = new long[2];
        double checksum = 0;
        try (Checkpoint c = Checkpoints.open(dir)) {
            List<LinearLayer> layers = LayerDiscovery.discover(c.tensors());
            List<Path> files = new ArrayList<>();
            for (String f : c.tensors().stream().map(t -> c.sourceFile(t.name())).distinct().toList()) {
                files.add(dir.resolve(f));
            }
            int max = layers.stream().mapToInt(l -> Math.toIntExact(l.parameterCount())).max().orElse(0);
            float[] buffer = new float[max];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                long seqBytes = sequentialRead(files);
                seq[i] = seqBytes / 1e9 / ((System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                long linBytes = 0;
                for (LinearLayer l : layers) {
                    c.readFloats(l.tensorName(), buffer, 0);
                    checksum += buffer[0] + buffer[(int) l.parameterCount() - 1];
                    linBytes += l.parameterCount() * l.dtype().byteWidth();
                }
                conv[i] = linBytes / 1e9 / ((System.nanoTime() - t1) / 1e9);
                ratio[i] = conv[i] / seq[i];
                counts[0] = seqBytes;
                counts[1] = linBytes;
                out.printf(Locale.ROOT, "  run %d: sequential %.2f GB/s, linear->float32 %.2f GB/s%n", i + 1, seq[i], conv[i]);
                out.flush();
            }
        }
        out.printf(Locale.ROOT, "sequential read:         median %8.2f GB/s  (%.2f GB of shard files per run)%n",
                median(seq), counts[0] / 1e9);
        out.printf(Locale.ROOT, "linear weights->float32: median %8.2f GB/s  (%.2f GB of bf16 per run, into a reused float[])%n",
                median(conv), counts[1] / 1e9);
        out.printf(Locale.ROOT, "ratio float32 decode / sequential read: median %.2f  (checksum %.6g)%n", median(ratio), checksum);
        return GluestickCommand.EXIT_OK;
    }

    private int openAndList() {
        try (Checkpoint c = Checkpoints.open(dir)) {
            return LayerDiscovery.discover(c.tensors()).size();
        }
    }

    /** Reads whole files through one direct buffer: the plain-I/O reference. */
    private static long sequentialRead(List<Path> files) {
        ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20);
        long total = 0;
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                int r;
                while ((r = ch.read(buf.clear())) >= 0) {
                    total += r;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return total;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String fmt(double[] v, String f) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, f, d));
        }
        return sb.toString();
    }
}
