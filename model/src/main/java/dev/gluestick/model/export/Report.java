package dev.gluestick.model.export;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.TradeOff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.json and report.csv: every parameter of the run, per-layer numbers and model totals.
 * Field names are stable (documented in the README); the CSV has one row per layer with the same
 * per-layer fields.
 */
public final class Report {

    static final String[] LAYER_FIELDS = {
        "tensor", "module", "rows", "cols", "dtype", "sparsity", "nm_pattern", "weight_norm", "gap_norm",
        "gap_ratio", "rank", "captured_energy", "correction_norm", "residual_norm", "rel_error_before",
        "rel_error_after", "dense_bytes", "base_bytes", "correction_bytes", "break_even_rank", "past_break_even"
    };

    private Report() {}

    /** The report as a JSON-ready map (also what {@code recover --json} prints). */
    public static Map<String, Object> build(ModelAnalysis analysis, Allocation allocation, MemoryModel memory,
            Map<String, String> provenance, List<String> warnings) {
        TradeOff tradeOff = analysis.tradeOff(memory);
        ModelTotals totals = tradeOff.totals(allocation);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("provenance", provenance);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source", analysis.source().toString());
        params.put("layout", analysis.layout().name());
        params.put("model_type", analysis.modelType());
        params.put("prune", analysis.prune());
        params.put("max_rank", analysis.maxRank());
        params.put("policy", allocation.policy().describe());
        params.put("storage_form", memory.form().name());
        params.put("base_dtype", memory.baseDType().safetensorsName());
        params.put("factor_dtype", memory.factorDType().safetensorsName());
        r.put("parameters", params);
        r.put("totals", totals(totals));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < analysis.layers().size(); i++) {
            layers.add(layer(analysis.layers().get(i), allocation.rank(i), memory));
        }
        r.put("layers", layers);
        r.put("warnings", List.copyOf(warnings));
        return r;
    }

    public static Map<String, Object> totals(ModelTotals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dense_model_bytes", t.denseModelBytes());
        m.put("model_bytes", t.modelBytes());
        m.put("ratio_to_dense", t.ratioToDense());
        m.put("other_bytes", t.otherBytes());
        m.put("dense_linear_bytes", t.denseLinearBytes());
        m.put("base_bytes", t.baseBytes());
        m.put("correction_bytes", t.correctionBytes());
        m.put("linear_ratio_to_dense", t.linearRatioToDense());
        m.put("rel_error_before", t.errorBefore());
        m.put("rel_error_after", t.errorAfter());
        m.put("mean_captured_energy", t.meanEnergy());
        m.put("layers_past_break_even", t.layersPastBreakEven());
        m.put("total_rank", t.totalRank());
        return m;
    }

    static Map<String, Object> layer(LayerAnalysis a, int rank, MemoryModel memory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tensor", a.layer().tensorName());
        m.put("module", a.layer().modulePath());
        m.put("rows", a.layer().rows());
        m.put("cols", a.layer().cols());
        m.put("dtype", a.layer().dtype().safetensorsName());
        m.put("sparsity", a.sparsity());
        m.put("nm_pattern", a.nmPattern().map(Object::toString).orElse(""));
        m.put("weight_norm", a.weightNorm());
        m.put("gap_norm", a.gap().norm());
        m.put("gap_ratio", a.gapRatio());
        m.put("rank", rank);
        m.put("captured_energy", a.gap().energyFraction(rank));
        m.put("correction_norm", a.gap().correctionNorm(rank));
        m.put("residual_norm", a.gap().residualNorm(rank));
        m.put("rel_error_before", a.relativeError(0));
        m.put("rel_error_after", a.relativeError(rank));
        m.put("dense_bytes", memory.denseBytes(a));
        m.put("base_bytes", memory.baseBytes(a));
        m.put("correction_bytes", memory.correctionBytes(a, rank));
        int be = memory.breakEvenRank(a);
        m.put("break_even_rank", be);
        m.put("past_break_even", rank > be);
        return m;
    }

    static void write(Path dir, ModelAnalysis analysis, Allocation allocation, ExportOptions options,
            Map<String, String> provenance, List<String> warnings) {
        MemoryModel memory = new MemoryModel(options.storageForm(), analysis.baseDType(),
                options.factorDTypeOr(analysis.baseDType()));
        Map<String, Object> report = build(analysis, allocation, memory, provenance, warnings);
        Exporter.writeJson(dir.resolve("report.json"), report);
        writeCsv(dir.resolve("report.csv"), analysis, allocation, memory);
    }

    public static void writeCsv(Path file, ModelAnalysis analysis, Allocation allocation, MemoryModel memory) {
        StringBuilder sb = new StringBuilder(String.join(",", LAYER_FIELDS)).append('\n');
        for (int i = 0; i < analysis.layers().size(); i++) {
            Map<String, Object> row = layer(analysis.layers().get(i), allocation.rank(i), memory);
            List<String> cells = new ArrayList<>();
            for (String f : LAYER_FIELDS) {
                cells.add(csv(row.get(f)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String csv(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.8g", d);
        }
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
