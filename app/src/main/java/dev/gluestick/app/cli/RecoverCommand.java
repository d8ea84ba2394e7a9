package dev.gluestick.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gluestick.app.Version;
import dev.gluestick.model.InputException;
import dev.gluestick.model.export.ExportOptions;
import dev.gluestick.model.export.ExportResult;
import dev.gluestick.model.export.Exporter;
import dev.gluestick.model.export.Report;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.Bytes;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import dev.gluestick.model.tradeoff.TradeOff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gluestick recover}: prune, analyse, allocate ranks and export base + adapter + report. */
@Command(
        name = "recover",
        mixinStandardHelpOptions = true,
        description = {
            "Prune, compute GLUESTICK corrections and export the pruned base + LoRA adapter.",
            "Writes OUT/model (pruned base, source layout), OUT/adapter (PEFT LoRA),",
            "OUT/report.json and OUT/report.csv; OUT must not exist.",
        })
final class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PruneOptions prune;

    @ArgGroup(exclusive = true, multiplicity = "1")
    RankOptions rank;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder; must not exist.")
    Path outDir;

    @Option(names = "--max-rank", paramLabel = "R", defaultValue = "256",
            description = "Singular triplets computed per layer (R_max); caps every rank. Default: ${DEFAULT-VALUE}.")
    int maxRank;

    @Option(names = "--merged", description = "Also write OUT/merged with Wp + A B stored dense (for quick evaluation).")
    boolean merged;

    @Mixin
    StorageOptions storage;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RankOptions ranks = rank;
        Optional<DType> factor = storage.factor();
        StorageForm form = storage.form();
        try (EngineRun run = EngineRun.analyze(prune, ranks.requiredMaxRank(maxRank), err)) {
            DType base = run.analysis.baseDType();
            MemoryModel memory = new MemoryModel(form, base, factor.orElse(base));
            TradeOff tradeOff = run.analysis.tradeOff(memory);
            RankPolicy policy = ranks.policy(tradeOff.totals(new int[run.analysis.layers().size()]).denseModelBytes());
            Allocation allocation = tradeOff.allocate(policy);
            ExportOptions options = new ExportOptions(true, merged, factor, form, Version.get());
            ProgressBar bar = new ProgressBar(err, prune.quiet, "tensors");
            ExportResult result;
            try {
                result = Exporter.export(run.engine, run.analysis, allocation, options, outDir, bar);
            } finally {
                bar.finish();
            }
            ModelTotals totals = tradeOff.totals(allocation);
            int capped = 0;
            for (boolean c : allocation.capped()) {
                capped += c ? 1 : 0;
            }
            if (capped > 0) {
                err.printf("gluestick: warning: %d layers got less rank than %s asks: their spectra stop at R_max %d"
                        + " (raise --max-rank)%n", capped, allocation.policy().describe(), run.analysis.maxRank());
            }
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("output", result.folder().toString());
                report.put("files", result.files().stream()
                        .map(f -> Map.of("path", f.path().toString(), "bytes", f.bytes())).toList());
                report.putAll(Report.build(run.analysis, allocation, memory, Map.of("gluestick.version", Version.get()),
                        run.engine.warnings()));
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                printSummary(out, run, allocation, totals, result);
            }
            return 0;
        }
    }

    private static void printSummary(PrintWriter out, EngineRun run, Allocation allocation, ModelTotals t, ExportResult result) {
        out.printf(Locale.ROOT, "%s: %d layers, %s, %s%n", run.analysis.source(), run.analysis.layers().size(),
                run.analysis.prune(), allocation.policy().describe());
        out.printf(Locale.ROOT, "ranks: min %d, max %d, total %d%s%n",
                java.util.Arrays.stream(allocation.ranks()).min().orElse(0), allocation.maxRank(), t.totalRank(),
                t.layersPastBreakEven() > 0 ? "  (" + t.layersPastBreakEven() + " layers past their break-even rank)" : "");
        out.printf(Locale.ROOT, "model size: %s -> %s (%.1f%% of dense; corrections %s)%n", Bytes.human(t.denseModelBytes()),
                Bytes.human(t.modelBytes()), 100 * t.ratioToDense(), Bytes.human(t.correctionBytes()));
        out.printf(Locale.ROOT, "relative weight error: %.4f pruned -> %.4f recovered; mean captured gap energy %.3f%n",
                t.errorBefore(), t.errorAfter(), t.meanEnergy());
        out.printf("wrote %s (%s):%n", result.folder(), Bytes.human(result.totalBytes()));
        for (ExportResult.ExportedFile f : result.files()) {
            out.printf("  %-48s %12s%n", f.path(), Bytes.human(f.bytes()));
        }
    }
}
