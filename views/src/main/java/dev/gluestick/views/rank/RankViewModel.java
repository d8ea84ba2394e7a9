package dev.gluestick.views.rank;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.ModelTotals;
import dev.gluestick.model.tradeoff.RankPolicy;
import dev.gluestick.model.tradeoff.StorageForm;
import dev.gluestick.model.tradeoff.TradeOff;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.service.Analysis;
import java.util.Locale;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;

/**
 * The rank slider and the model totals. Every slider tick allocates ranks and sums totals from
 * the spectra ({@link TradeOff}, O(layers)), so the numbers follow the thumb with no
 * recomputation. The trade-off curve is recomputed only when the memory model changes; on a tick
 * only the marker point moves.
 */
public final class RankViewModel {

    private final ObjectProperty<RankMode> mode = new SimpleObjectProperty<>(this, "mode", RankMode.UNIFORM);
    private final ObjectProperty<StorageForm> storageForm =
            new SimpleObjectProperty<>(this, "storageForm", StorageForm.NM_COMPRESSED);
    private final ObjectProperty<DType> factorDType = new SimpleObjectProperty<>(this, "factorDType", DType.BF16);
    private final DoubleProperty value = new SimpleDoubleProperty(this, "value", 0);
    private final ReadOnlyDoubleWrapper min = new ReadOnlyDoubleWrapper(this, "min", 0);
    private final ReadOnlyDoubleWrapper max = new ReadOnlyDoubleWrapper(this, "max", 1);
    private final ReadOnlyDoubleWrapper step = new ReadOnlyDoubleWrapper(this, "step", 1);
    private final ReadOnlyDoubleWrapper page = new ReadOnlyDoubleWrapper(this, "page", 16);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper valueText = new ReadOnlyStringWrapper(this, "valueText", "");
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper(this, "memoryText", "");
    private final ReadOnlyStringWrapper errorText = new ReadOnlyStringWrapper(this, "errorText", "");
    private final ReadOnlyStringWrapper energyText = new ReadOnlyStringWrapper(this, "energyText", "");
    private final ReadOnlyStringWrapper breakEvenText = new ReadOnlyStringWrapper(this, "breakEvenText", "");
    private final ReadOnlyObjectWrapper<TradeOff> tradeOff = new ReadOnlyObjectWrapper<>(this, "tradeOff");
    private final ReadOnlyObjectWrapper<Allocation> allocation = new ReadOnlyObjectWrapper<>(this, "allocation");
    private final ReadOnlyObjectWrapper<ModelTotals> totals = new ReadOnlyObjectWrapper<>(this, "totals");
    private final ReadOnlyObjectWrapper<TradeOffCurve> curve = new ReadOnlyObjectWrapper<>(this, "curve");
    private final ReadOnlyDoubleWrapper pointMemory = new ReadOnlyDoubleWrapper(this, "pointMemory", Double.NaN);
    private final ReadOnlyDoubleWrapper pointError = new ReadOnlyDoubleWrapper(this, "pointError", Double.NaN);
    private final ObservableMap<String, Integer> overrides = FXCollections.observableHashMap();
    private final ObservableMap<String, Integer> overridesView = FXCollections.unmodifiableObservableMap(overrides);

    private Analysis analysis;
    private boolean adjusting;

    public RankViewModel() {
        value.addListener((o, a, b) -> {
            if (!adjusting) {
                recompute();
            }
        });
        mode.addListener((o, oldMode, newMode) -> switchMode(newMode));
        storageForm.addListener((o, a, b) -> rebuildTradeOff());
        factorDType.addListener((o, a, b) -> rebuildTradeOff());
        overrides.addListener((MapChangeListener<String, Integer>) c -> {
            if (!adjusting) {
                updateRange();
                recompute();
            }
        });
    }

    /** A new analysis (or null when a new model is opened): resets overrides, keeps mode and value. */
    public void setAnalysis(Analysis a) {
        adjusting = true;
        try {
            overrides.clear();
            analysis = a;
            if (a != null) {
                factorDType.set(a.baseDType().isComputable() && a.baseDType().byteWidth() <= 4 ? a.baseDType() : DType.F32);
            }
        } finally {
            adjusting = false;
        }
        rebuildTradeOff();
    }

    private void rebuildTradeOff() {
        if (analysis == null) {
            tradeOff.set(null);
            available.set(false);
            allocation.set(null);
            totals.set(null);
            curve.set(null);
            valueText.set("");
            memoryText.set("No analysis yet: run the prune panel on the left (Ctrl+R), or open another model (File > Open).");
            errorText.set("");
            energyText.set("");
            breakEvenText.set("");
            pointMemory.set(Double.NaN);
            pointError.set(Double.NaN);
            return;
        }
        TradeOff t = new TradeOff(analysis.layers(), analysis.otherBytes(),
                new MemoryModel(storageForm.get(), analysis.baseDType(), factorDType.get()));
        tradeOff.set(t);
        curve.set(TradeOffCurve.of(t));
        available.set(true);
        updateRange();
        recompute();
    }

    private void updateRange() {
        TradeOff t = tradeOff.get();
        if (t == null) {
            return;
        }
        adjusting = true;
        try {
            switch (mode.get()) {
                case UNIFORM -> setRange(0, t.maxRank(), 1, Math.max(1, Math.round(t.maxRank() / 16.0)));
                case ENERGY -> setRange(0, 100, 0.5, 5);
                case BUDGET -> {
                    long lo = budgetFloor(t);
                    long hi = budgetCeiling(t);
                    double span = Math.max(1, hi - lo);
                    setRange(lo, Math.max(lo + 1, hi), span / 256, span / 16);
                }
            }
            value.set(clamp(value.get()));
        } finally {
            adjusting = false;
        }
    }

    private void setRange(double lo, double hi, double st, double pg) {
        // Never let min pass max, even for a moment: a Slider bound to these would try to push
        // its max up itself, and a bound property cannot be set.
        if (lo > max.get()) {
            max.set(hi);
            min.set(lo);
        } else {
            min.set(lo);
            max.set(hi);
        }
        step.set(st);
        page.set(pg);
    }

    /** The whole model with no correction except the overridden layers: the smallest budget that can be met. */
    private long budgetFloor(TradeOff t) {
        int[] r = new int[t.layers().size()];
        for (int i = 0; i < r.length; i++) {
            Integer o = overrides.get(t.layers().get(i).layer().tensorName());
            r[i] = o == null ? 0 : Math.min(o, t.layers().get(i).gap().maxRank());
        }
        return t.totals(r).modelBytes();
    }

    private long budgetCeiling(TradeOff t) {
        int[] r = new int[t.layers().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.layers().get(i).gap().maxRank();
        }
        return t.totals(r).modelBytes();
    }

    private void switchMode(RankMode newMode) {
        ModelTotals now = totals.get();
        TradeOff t = tradeOff.get();
        if (t == null || now == null) {
            updateRange();
            return;
        }
        // Keep the model where it is: the new mode starts at the equivalent of the current allocation.
        double equivalent = switch (newMode) {
            case UNIFORM -> t.layers().isEmpty() ? 0 : Math.round((double) now.totalRank() / t.layers().size());
            case ENERGY -> Math.round(now.meanEnergy() * 200) / 2.0;
            case BUDGET -> now.modelBytes();
        };
        updateRange();
        adjusting = true;
        try {
            value.set(clamp(equivalent));
        } finally {
            adjusting = false;
        }
        recompute();
    }

    /** The slider handler: allocate and total. Runs on every tick; no SVD, no weights. */
    private void recompute() {
        TradeOff t = tradeOff.get();
        if (t == null) {
            return;
        }
        RankPolicy policy = policy();
        Allocation alloc = t.allocate(policy, overrides);
        ModelTotals tot = t.totals(alloc);
        allocation.set(alloc);
        totals.set(tot);
        valueText.set(describeValue(policy));
        memoryText.set(String.format(Locale.ROOT, "Memory %s = %s of dense (%s); corrections %s",
                Format.bytes(tot.modelBytes()), Format.percent(tot.ratioToDense()), Format.bytes(tot.denseModelBytes()),
                Format.bytes(tot.correctionBytes())));
        errorText.set(String.format(Locale.ROOT, "Weight error %s \u2192 %s", Format.ratio(tot.errorBefore()),
                Format.ratio(tot.errorAfter())));
        energyText.set("Mean captured energy " + Format.percent(tot.meanEnergy()));
        breakEvenText.set(tot.layersPastBreakEven() == 0
                ? "All layers below break-even"
                : tot.layersPastBreakEven() + " of " + alloc.size() + " layers past break-even");
        pointMemory.set(tot.ratioToDense() * 100);
        pointError.set(tot.errorAfter());
    }

    private RankPolicy policy() {
        double v = clamp(value.get());
        return switch (mode.get()) {
            case UNIFORM -> new RankPolicy.Uniform((int) Math.round(v));
            case ENERGY -> new RankPolicy.EnergyTarget(Math.min(1, Math.max(0, v / 100)));
            case BUDGET -> new RankPolicy.Budget(Math.max(1, (long) Math.floor(v)));
        };
    }

    private String describeValue(RankPolicy p) {
        if (p instanceof RankPolicy.Uniform u) {
            return "rank " + u.rank();
        } else if (p instanceof RankPolicy.EnergyTarget e) {
            return String.format(Locale.ROOT, "E(r) \u2265 %.1f %%", e.target() * 100);
        } else {
            return "\u2264 " + Format.bytes(((RankPolicy.Budget) p).bytes());
        }
    }

    private double clamp(double v) {
        return Math.max(min.get(), Math.min(max.get(), v));
    }

    // ---- commands

    /** Arrow keys: one step (one rank, 0.5 % energy, 1/256 of the budget range). */
    public void step(int direction) {
        value.set(clamp(value.get() + direction * step.get()));
    }

    /** Page keys: a sixteenth of the range. */
    public void page(int direction) {
        value.set(clamp(value.get() + direction * page.get()));
    }

    public void toMin() {
        value.set(min.get());
    }

    public void toMax() {
        value.set(max.get());
    }

    /** Fixes one layer's rank (from the table); wins over the mode. */
    public void setOverride(String tensorName, int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be >= 0");
        }
        overrides.put(tensorName, rank);
    }

    public void clearOverride(String tensorName) {
        overrides.remove(tensorName);
    }

    public void clearOverrides() {
        overrides.clear();
    }

    // ---- properties

    public ObjectProperty<RankMode> modeProperty() {
        return mode;
    }

    public ObjectProperty<StorageForm> storageFormProperty() {
        return storageForm;
    }

    public ObjectProperty<DType> factorDTypeProperty() {
        return factorDType;
    }

    /** The slider position, in the unit of the mode (rank, percent, bytes). Bind the slider to it. */
    public DoubleProperty valueProperty() {
        return value;
    }

    public ReadOnlyDoubleProperty minProperty() {
        return min.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty maxProperty() {
        return max.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty valueTextProperty() {
        return valueText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryTextProperty() {
        return memoryText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorTextProperty() {
        return errorText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty energyTextProperty() {
        return energyText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty breakEvenTextProperty() {
        return breakEvenText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TradeOff> tradeOffProperty() {
        return tradeOff.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Allocation> allocationProperty() {
        return allocation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelTotals> totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    /** Memory (% of dense) against weight error for every uniform rank; changes only with the memory model. */
    public ReadOnlyObjectProperty<TradeOffCurve> curveProperty() {
        return curve.getReadOnlyProperty();
    }

    /** The current point on the trade-off chart: memory in % of dense. */
    public ReadOnlyDoubleProperty pointMemoryProperty() {
        return pointMemory.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty pointErrorProperty() {
        return pointError.getReadOnlyProperty();
    }

    public ObservableMap<String, Integer> getOverrides() {
        return overridesView;
    }
}
