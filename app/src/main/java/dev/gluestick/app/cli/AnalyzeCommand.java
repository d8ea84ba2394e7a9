package dev.gluestick.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.Bytes;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.TradeOff;
import dev.gluestick.model.export.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gluestick analyze}: spectra and the rank trade-off table, without exporting anything. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Print the rank trade-off (memory, weight error, captured energy) without exporting.",
            "Prunes (or takes a pruned copy) and computes each layer's gap spectrum once."
        })
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PruneOptions prune;

    @Option(names = "--ranks", paramLabel = "R,R,...", split = ",", defaultValue = "0,8,16,32,64,128,256",
            description = "Uniform ranks to tabulate. Default: ${DEFAULT-VALUE}.")
    List<Integer> ranks;

    @Option(names = "--max-rank", paramLabel = "R", defaultValue = "256", description = "R_max per layer. Default: ${DEFAULT-VALUE}.")
    int maxRank;

    @Mixin
    StorageOptions storage;

    @Option(names = "--layers", description = "Also print the per-layer table.")
    boolean perLayer;

    @Option(names = "--json", description = "JSON on stdout: trade-off rows and every layer.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int needed = Math.max(maxRank, ranks.stream().mapToInt(Integer::intValue).max().orElse(0));
        try (EngineRun run = EngineRun.analyze(prune, needed, spec.commandLine().getErr())) {
            ModelAnalysis a = run.analysis;
            MemoryModel memory = storage.memory(a.baseDType());
            TradeOff t = a.tradeOff(memory);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int r : ranks) {
                ModelTotals u = t.totals(t.allocate(new RankPolicy.Uniform(r)));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("rank", r);
                row.putAll(Report.totals(u));
                // The same memory spent by the greedy budget allocator: what per-layer ranks buy.
                ModelTotals b = t.totals(t.allocate(new RankPolicy.Budget(u.modelBytes())));
                row.put("budget_rel_error_after", b.errorAfter());
                row.put("budget_mean_captured_energy", b.meanEnergy());
                rows.add(row);
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("source", a.source().toString());
                doc.put("prune", a.prune());
                doc.put("max_rank", a.maxRank());
                doc.put("storage_form", memory.form().name());
                doc.put("tradeoff", rows);
                List<Map<String, Object>> layers = new ArrayList<>();
                for (LayerAnalysis l : a.layers()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("tensor", l.layer().tensorName());
                    m.put("rows", l.layer().rows());
                    m.put("cols", l.layer().cols());
                    m.put("sparsity", l.sparsity());
                    m.put("nm_pattern", l.nmPattern().map(Object::toString).orElse(""));
                    m.put("weight_norm", l.weightNorm());
                    m.put("gap_ratio", l.gapRatio());
                    m.put("break_even_rank", memory.breakEvenRank(l));
                    m.put("singular_values", l.gap().values());
                    m.put("gap_energy", l.gap().totalEnergy());
                    layers.add(m);
                }
                doc.put("layers", layers);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
                return 0;
            }
            out.printf(Locale.ROOT, "%s: %d layers, %s, R_max %d, storage %s%n", a.source(), a.layers().size(), a.prune(),
                    a.maxRank(), memory.form().label());
            TextTable table = new TextTable("rank", "model size", "of dense", "corrections", "error before", "error after",
                    "energy", "past b/e", "budget err");
            for (Map<String, Object> row : rows) {
                table.row(row.get("rank"), Bytes.human((long) row.get("model_bytes")),
                        pct((double) row.get("ratio_to_dense")), Bytes.human((long) row.get("correction_bytes")),
                        f4(row.get("rel_error_before")), f4(row.get("rel_error_after")), f4(row.get("mean_captured_energy")),
                        row.get("layers_past_break_even"), f4(row.get("budget_rel_error_after")));
            }
            table.print(out);
            out.println("budget err: size-weighted error when the same memory is spread by the greedy budget allocator.");
            if (perLayer) {
                out.println();
                TextTable lt = new TextTable("layer", "shape", "sparsity", "N:M", "gap/W", "E(8)", "E(64)", "E(R_max)", "break-even");
                for (LayerAnalysis l : a.layers()) {
                    int k = l.gap().maxRank();
                    lt.row(l.layer().tensorName(), l.layer().shapeString(), pct(l.sparsity()),
                            l.nmPattern().map(Object::toString).orElse("-"), f4(l.gapRatio()),
                            f4(l.gap().energyFraction(Math.min(8, k))), f4(l.gap().energyFraction(Math.min(64, k))),
                            f4(l.gap().energyFraction(k)), memory.breakEvenRank(l));
                }
                lt.print(out);
            }
            return 0;
        }
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String f4(Object v) {
        return String.format(Locale.ROOT, "%.4f", ((Number) v).doubleValue());
    }
}
