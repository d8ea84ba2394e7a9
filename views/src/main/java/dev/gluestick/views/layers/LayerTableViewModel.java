package dev.gluestick.views.layers;

import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.TradeOff;
import dev.gluestick.views.rank.RankViewModel;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.OpenedModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The layer table: one row per linear layer, filled in as the analysis lands, refreshed on every
 * slider tick from the current allocation, filtered by a name pattern, and the place where a
 * layer's rank is overridden.
 */
public final class LayerTableViewModel {

    private final RankViewModel rank;
    private final ObservableList<LayerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<LayerRow> filtered = new FilteredList<>(rows);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<LayerRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper editError = new ReadOnlyStringWrapper(this, "editError", "");
    private final Map<String, LayerRow> byTensor = new HashMap<>();
    /** Row i follows layer i of the analysis (the allocation's order) once an analysis is set. */
    private List<LayerRow> analysed = List.of();

    public LayerTableViewModel(RankViewModel rank) {
        this.rank = rank;
        filter.addListener((o, a, b) -> {
            filtered.setPredicate(matcher(b));
            updateSummary();
        });
        rank.allocationProperty().addListener((o, a, b) -> refreshRanks(b));
    }

    /** A newly opened model: one blank row per linear layer, shown at once. */
    public void setModel(OpenedModel model) {
        analysed = List.of();
        byTensor.clear();
        List<LayerRow> fresh = new ArrayList<>();
        if (model != null) {
            for (var l : model.layers()) {
                LayerRow r = new LayerRow(l);
                fresh.add(r);
                byTensor.put(l.tensorName(), r);
            }
        }
        selected.set(null);
        rows.setAll(fresh);
        updateSummary();
    }

    /** One layer finished while the analysis runs: its row fills in. */
    public void layerDone(LayerAnalysis a) {
        LayerRow r = byTensor.get(a.layer().tensorName());
        if (r == null) {
            r = new LayerRow(a.layer());
            byTensor.put(a.layer().tensorName(), r);
            rows.add(r);
        }
        r.setAnalysis(a);
        updateSummary();
    }

    /** The finished analysis: the table shows exactly its layers, in its order. */
    public void setAnalysis(Analysis analysis) {
        if (analysis == null) {
            analysed = List.of();
            return;
        }
        LayerRow keep = selected.get();
        List<LayerRow> ordered = new ArrayList<>(analysis.layers().size());
        Map<String, LayerRow> next = new HashMap<>();
        for (LayerAnalysis a : analysis.layers()) {
            LayerRow r = byTensor.get(a.layer().tensorName());
            if (r == null) {
                r = new LayerRow(a.layer());
            }
            r.setAnalysis(a);
            ordered.add(r);
            next.put(a.layer().tensorName(), r);
        }
        byTensor.clear();
        byTensor.putAll(next);
        analysed = List.copyOf(ordered);
        rows.setAll(ordered);
        if (keep != null && next.containsValue(keep)) {
            selected.set(keep);
        } else if (!ordered.isEmpty()) {
            selected.set(ordered.get(0));
        }
        refreshRanks(rank.allocationProperty().get());
        updateSummary();
    }

    private void refreshRanks(Allocation alloc) {
        TradeOff t = rank.tradeOffProperty().get();
        if (alloc == null || t == null || alloc.size() != analysed.size()) {
            return;
        }
        Map<String, Integer> ov = rank.getOverrides();
        for (int i = 0; i < analysed.size(); i++) {
            LayerRow r = analysed.get(i);
            r.setRank(alloc.rank(i), t.memory(), ov.containsKey(r.layer().tensorName()));
        }
        updateSummary();
    }

    /**
     * The user typed into a rank cell: a number fixes that layer's rank, an empty cell (or "auto")
     * gives it back to the slider. Anything else is refused with a message and changes nothing.
     */
    public void editRank(LayerRow row, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("auto")) {
            editError.set("");
            rank.clearOverride(row.layer().tensorName());
            return;
        }
        int r;
        try {
            r = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            editError.set("Rank must be a whole number (or empty to follow the slider), not '" + t + "'");
            return;
        }
        LayerAnalysis a = row.getAnalysis();
        if (a == null) {
            editError.set("Analyze the model before setting a rank for " + row.name());
            return;
        }
        if (r < 0 || r > a.gap().maxRank()) {
            editError.set("Rank for " + row.name() + " must be between 0 and " + a.gap().maxRank()
                    + " (the singular values computed)");
            return;
        }
        editError.set("");
        rank.setOverride(row.layer().tensorName(), r);
    }

    private void updateSummary() {
        long pending = rows.stream().filter(r -> r.getAnalysis() == null).count();
        long past = rows.stream().filter(LayerRow::isPastBreakEven).count();
        StringBuilder s = new StringBuilder();
        s.append(filtered.size()).append(" of ").append(rows.size()).append(" layers");
        if (pending > 0 && pending < rows.size()) {
            s.append(", ").append(rows.size() - pending).append(" analysed");
        }
        if (past > 0) {
            s.append(", ").append(past).append(" past break-even");
        }
        summary.set(s.toString());
    }

    /**
     * A filter: case-insensitive substring, or a glob when it contains * or ?; several
     * space-separated terms must all match.
     */
    static Predicate<LayerRow> matcher(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Predicate<String>> terms = new ArrayList<>();
        for (String term : text.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (term.contains("*") || term.contains("?")) {
                Pattern p = Pattern.compile(globToRegex(term));
                terms.add(n -> p.matcher(n).matches());
            } else {
                terms.add(n -> n.contains(term));
            }
        }
        return row -> {
            String n = row.name().toLowerCase(Locale.ROOT);
            return terms.stream().allMatch(t -> t.test(n));
        };
    }

    private static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }

    public ObservableList<LayerRow> getRows() {
        return rowsView;
    }

    /** The rows that pass the filter; the view wraps it in a SortedList bound to the table's order. */
    public FilteredList<LayerRow> getFilteredRows() {
        return filtered;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<LayerRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the last rank edit was refused; empty when it was accepted. */
    public ReadOnlyStringProperty editErrorProperty() {
        return editError.getReadOnlyProperty();
    }
}
