package dev.gluestick.app.cli;

import dev.gluestick.app.Version;
import dev.gluestick.model.export.ExportOptions;
import dev.gluestick.model.export.ExportResult;
import dev.gluestick.model.export.Exporter;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.Bytes;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gluestick prune}: the pruned base only (no SVD), with its report. */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = "Prune the linear layers and write OUT/model (same layout and dtypes) and OUT/report.json, report.csv.")
final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PruneOptions prune;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder; must not exist.")
    Path outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // R_max 0: only the gap energy per layer, no singular vectors.
        try (EngineRun run = EngineRun.analyze(prune, 0, err)) {
            Allocation none = run.analysis.tradeOff(StorageForm.NM_COMPRESSED).allocate(new RankPolicy.Uniform(0));
            ExportOptions options = new ExportOptions(false, false, Optional.empty(), StorageForm.NM_COMPRESSED, Version.get());
            ProgressBar bar = new ProgressBar(err, prune.quiet, "tensors");
            ExportResult result;
            try {
                result = Exporter.export(run.engine, run.analysis, none, options, outDir, bar);
            } finally {
                bar.finish();
            }
            long params = run.analysis.layers().stream().mapToLong(a -> a.layer().parameterCount()).sum();
            out.printf(Locale.ROOT, "%s: pruned %d layers with %s; sparsity %.2f%% of %,d linear weights%n",
                    run.analysis.source(), run.analysis.layers().size(), run.analysis.prune(),
                    100.0 * run.analysis.sparsity(), params);
            out.printf("wrote %s (%s)%n", result.folder(), Bytes.human(result.totalBytes()));
            return 0;
        }
    }
}
