package dev.gluestick.views.layers;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.tradeoff.MemoryModel;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One row of the layer table. The static part (name, shape, dtype) is known when the model opens;
 * the analysed part fills in when the layer's analysis lands; the rank-dependent part changes on
 * every slider tick. Numbers are NaN (shown blank) until known.
 */
public final class LayerRow {

    private final LinearLayer layer;
    private final ReadOnlyObjectWrapper<LayerAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyDoubleWrapper sparsity = new ReadOnlyDoubleWrapper(this, "sparsity", Double.NaN);
    private final ReadOnlyDoubleWrapper weightNorm = new ReadOnlyDoubleWrapper(this, "weightNorm", Double.NaN);
    private final ReadOnlyDoubleWrapper gapRatio = new ReadOnlyDoubleWrapper(this, "gapRatio", Double.NaN);
    private final ReadOnlyDoubleWrapper correctionNorm = new ReadOnlyDoubleWrapper(this, "correctionNorm", Double.NaN);
    private final ReadOnlyDoubleWrapper energy = new ReadOnlyDoubleWrapper(this, "energy", Double.NaN);
    private final ReadOnlyDoubleWrapper errorAfter = new ReadOnlyDoubleWrapper(this, "errorAfter", Double.NaN);
    private final ReadOnlyIntegerWrapper rank = new ReadOnlyIntegerWrapper(this, "rank", -1);
    private final ReadOnlyIntegerWrapper breakEven = new ReadOnlyIntegerWrapper(this, "breakEven", -1);
    private final ReadOnlyLongWrapper bytes = new ReadOnlyLongWrapper(this, "bytes", -1);
    private final ReadOnlyBooleanWrapper pastBreakEven = new ReadOnlyBooleanWrapper(this, "pastBreakEven", false);
    private final ReadOnlyBooleanWrapper overridden = new ReadOnlyBooleanWrapper(this, "overridden", false);
    private final ReadOnlyObjectWrapper<Recovery> recovery =
            new ReadOnlyObjectWrapper<>(this, "recovery", Recovery.NOT_ANALYSED);

    public LayerRow(LinearLayer layer) {
        this.layer = Objects.requireNonNull(layer);
    }

    public LinearLayer layer() {
        return layer;
    }

    public String name() {
        return layer.modulePath();
    }

    void setAnalysis(LayerAnalysis a) {
        analysis.set(a);
        sparsity.set(a.sparsity());
        weightNorm.set(a.weightNorm());
        gapRatio.set(a.gapRatio());
    }

    /** The rank-dependent columns: called for every row on every slider tick. */
    void setRank(int r, MemoryModel memory, boolean isOverride) {
        LayerAnalysis a = analysis.get();
        if (a == null) {
            return;
        }
        rank.set(r);
        double e = a.gap().energyFraction(r);
        energy.set(e);
        correctionNorm.set(a.gap().correctionNorm(r));
        errorAfter.set(a.relativeError(r));
        long total = memory.totalBytes(a, r);
        bytes.set(total);
        int be = memory.breakEvenRank(a);
        breakEven.set(be);
        pastBreakEven.set(total >= memory.denseBytes(a));
        overridden.set(isOverride);
        recovery.set(Recovery.of(e));
    }

    public ReadOnlyObjectProperty<LayerAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public LayerAnalysis getAnalysis() {
        return analysis.get();
    }

    public ReadOnlyDoubleProperty sparsityProperty() {
        return sparsity.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty weightNormProperty() {
        return weightNorm.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty gapRatioProperty() {
        return gapRatio.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty correctionNormProperty() {
        return correctionNorm.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty energyProperty() {
        return energy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty errorAfterProperty() {
        return errorAfter.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty rankProperty() {
        return rank.getReadOnlyProperty();
    }

    public int getRank() {
        return rank.get();
    }

    /** Largest rank still smaller than dense; -1 when even rank 0 saves nothing. */
    public ReadOnlyIntegerProperty breakEvenProperty() {
        return breakEven.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty bytesProperty() {
        return bytes.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pastBreakEvenProperty() {
        return pastBreakEven.getReadOnlyProperty();
    }

    public boolean isPastBreakEven() {
        return pastBreakEven.get();
    }

    public ReadOnlyBooleanProperty overriddenProperty() {
        return overridden.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Recovery> recoveryProperty() {
        return recovery.getReadOnlyProperty();
    }

    public Recovery getRecovery() {
        return recovery.get();
    }

    @Override
    public String toString() {
        return "LayerRow[" + name() + "]";
    }
}
