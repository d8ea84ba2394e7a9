package dev.gluestick.views.detail;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.jobs.Job;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.layers.LayerRow;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.model.recover.WeightBlock;
import dev.gluestick.views.service.WorkbenchService;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;

/**
 * The selected layer up close: its gap spectrum beside W's own (loaded in the background, once
 * per layer), E(r) with the current rank, and a zoomable block of the weights for the mask
 * picture.
 */
public final class DetailViewModel {

    /** Smallest and largest block side of the mask picture. */
    public static final int MIN_BLOCK = 8;
    public static final int MAX_BLOCK = 256;

    private final WorkbenchService service;
    private final JobExecutor executor;
    private final Supplier<Analysis> analysis;
    private final ReadOnlyObjectWrapper<LayerRow> row = new ReadOnlyObjectWrapper<>(this, "row");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Select a layer");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper(this, "info", "");
    private final ReadOnlyStringWrapper rankText = new ReadOnlyStringWrapper(this, "rankText", "");
    private final ReadOnlyObjectWrapper<Spectrum> gap = new ReadOnlyObjectWrapper<>(this, "gap");
    private final ReadOnlyObjectWrapper<Spectrum> weight = new ReadOnlyObjectWrapper<>(this, "weight");
    private final ReadOnlyIntegerWrapper rank = new ReadOnlyIntegerWrapper(this, "rank", 0);
    private final ReadOnlyObjectWrapper<WeightBlock> block = new ReadOnlyObjectWrapper<>(this, "block");
    private final ReadOnlyIntegerWrapper blockSize = new ReadOnlyIntegerWrapper(this, "blockSize", 32);
    private final ReadOnlyStringWrapper blockText = new ReadOnlyStringWrapper(this, "blockText", "");
    private final Map<String, Spectrum> weightSpectra = new HashMap<>();
    private final ChangeListener<Number> rankListener = (o, a, b) -> showRank();
    private Analysis cachedFor;
    private int blockRow;
    private int blockCol;
    private Job blockJob;

    public DetailViewModel(WorkbenchService service, JobExecutor executor, ObjectProperty<LayerRow> selection,
            Supplier<Analysis> analysis) {
        this.service = service;
        this.executor = executor;
        this.analysis = analysis;
        selection.addListener((o, a, b) -> select(b));
        select(selection.get());
    }

    /** Shows a row (null clears); also called again when the row's analysis lands. */
    public void select(LayerRow r) {
        LayerRow old = row.get();
        if (old != null) {
            old.rankProperty().removeListener(rankListener);
        }
        row.set(r);
        weight.set(null);
        block.set(null);
        blockRow = 0;
        blockCol = 0;
        if (r == null) {
            title.set("Select a layer");
            info.set("");
            gap.set(null);
            rankText.set("");
            blockText.set("");
            return;
        }
        r.rankProperty().addListener(rankListener);
        LinearLayer l = r.layer();
        title.set(l.modulePath() + "  " + l.shapeString() + " " + l.dtype().safetensorsName());
        LayerAnalysis a = r.getAnalysis();
        gap.set(a == null ? null : a.gap());
        info.set(a == null ? "Not analysed yet" : describe(a, r));
        showRank();
        if (a != null) {
            loadWeightSpectrum(r);
            loadBlock();
        }
    }

    private String describe(LayerAnalysis a, LayerRow r) {
        String pattern = a.nmPattern().map(p -> ", pattern " + p).orElse(", unstructured");
        int be = r.breakEvenProperty().get();
        String breakEven = be < 0 ? "no break-even (pruned base saves nothing)" : "break-even rank " + be;
        return String.format(Locale.ROOT, "sparsity %s%s, ||W|| %s, ||G||/||W|| %s, %s",
                Format.percent(a.sparsity()), pattern, Format.norm(a.weightNorm()), Format.ratio(a.gapRatio()),
                breakEven);
    }

    private void showRank() {
        LayerRow r = row.get();
        LayerAnalysis a = r == null ? null : r.getAnalysis();
        if (a == null) {
            rankText.set("");
            return;
        }
        int k = Math.max(0, r.getRank());
        rank.set(k);
        rankText.set(String.format(Locale.ROOT, "rank %d%s: E(r) %s, error %s \u2192 %s", k,
                r.overriddenProperty().get() ? " (fixed)" : "", Format.percent(a.gap().energyFraction(k)),
                Format.ratio(a.relativeError(0)), Format.ratio(a.relativeError(k))));
    }

    private void loadWeightSpectrum(LayerRow r) {
        Analysis an = analysis.get();
        if (an == null) {
            return;
        }
        if (cachedFor != an) {
            weightSpectra.clear();
            cachedFor = an;
        }
        String key = r.layer().tensorName();
        Spectrum cached = weightSpectra.get(key);
        if (cached != null) {
            weight.set(cached);
            return;
        }
        int k = r.getAnalysis().gap().maxRank();
        executor.submit("Spectrum of W for " + r.name(), ctx -> service.weightSpectrum(an, r.layer(), Math.max(1, k)), s -> {
            weightSpectra.put(key, s);
            if (row.get() == r) {
                weight.set(s);
            }
        });
    }

    private void loadBlock() {
        LayerRow r = row.get();
        Analysis an = analysis.get();
        if (r == null || an == null || r.getAnalysis() == null) {
            return;
        }
        if (blockJob != null && blockJob.isRunning()) {
            blockJob.cancel();
        }
        LinearLayer l = r.layer();
        int size = blockSize.get();
        int h = Math.min(size, l.rows());
        int w = Math.min(size, l.cols());
        blockRow = Math.max(0, Math.min(blockRow, l.rows() - h));
        blockCol = Math.max(0, Math.min(blockCol, l.cols() - w));
        int r0 = blockRow;
        int c0 = blockCol;
        blockText.set(String.format(Locale.ROOT, "rows %d-%d, columns %d-%d of %s", r0, r0 + h - 1, c0, c0 + w - 1,
                l.shapeString()));
        blockJob = executor.submit("Mask of " + r.name(), ctx -> service.weightBlock(an, l, r0, c0, h, w), b -> {
            if (row.get() == r) {
                block.set(b);
            }
        });
    }

    // ---- commands

    /** Halves the block side (down to {@link #MIN_BLOCK}): fewer, bigger cells. */
    public void zoomIn() {
        resize(Math.max(MIN_BLOCK, blockSize.get() / 2));
    }

    public void zoomOut() {
        resize(Math.min(MAX_BLOCK, blockSize.get() * 2));
    }

    private void resize(int size) {
        if (size != blockSize.get()) {
            blockSize.set(size);
            loadBlock();
        }
    }

    /** Moves the block by whole blocks (arrows in the mask picture). */
    public void move(int rowsDown, int colsRight) {
        blockRow += rowsDown * blockSize.get();
        blockCol += colsRight * blockSize.get();
        blockRow = Math.max(0, blockRow);
        blockCol = Math.max(0, blockCol);
        loadBlock();
    }

    // ---- properties

    public ReadOnlyObjectProperty<LayerRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rankTextProperty() {
        return rankText.getReadOnlyProperty();
    }

    /** The gap's top singular values (null before analysis). */
    public ReadOnlyObjectProperty<Spectrum> gapProperty() {
        return gap.getReadOnlyProperty();
    }

    /** W's own top singular values (null until loaded). */
    public ReadOnlyObjectProperty<Spectrum> weightProperty() {
        return weight.getReadOnlyProperty();
    }

    /** The selected layer's current rank: the marker on the spectrum and E(r) charts. */
    public ReadOnlyIntegerProperty rankProperty() {
        return rank.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WeightBlock> blockProperty() {
        return block.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty blockSizeProperty() {
        return blockSize.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty blockTextProperty() {
        return blockText.getReadOnlyProperty();
    }
}
