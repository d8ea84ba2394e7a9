package dev.gluestick.views.detail;

import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.recover.WeightBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;

/**
 * The selected layer: gap spectrum and W's spectrum on a log scale (the flat vs steep decay of
 * the paper) with the current rank as a vertical marker, the captured-energy curve E(r) with the
 * same marker, and the mask picture of a zoomable block of the weights.
 */
public final class DetailView extends VBox {

    private static final double MASK_SIZE = 300;

    private final XYChart.Series<Number, Number> gapSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> weightSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> spectrumMarker = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> energySeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> energyMarker = new XYChart.Series<>();
    private final NumberAxis spectrumY = new NumberAxis();
    private final Canvas mask = new Canvas(MASK_SIZE, MASK_SIZE);
    private final javafx.beans.value.ObservableValue<Spectrum> weight;

    public DetailView(DetailViewModel vm) {
        getStyleClass().add("detail-view");
        setSpacing(4);
        setPadding(new Insets(6, 8, 6, 8));

        Label title = new Label();
        title.setId("detail-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.titleProperty());
        title.setWrapText(true);
        Label info = new Label();
        info.setWrapText(true);
        info.textProperty().bind(vm.infoProperty());
        Label rank = new Label();
        rank.setId("detail-rank");
        rank.textProperty().bind(vm.rankTextProperty());

        NumberAxis sx = new NumberAxis();
        sx.setLabel("index i");
        spectrumY.setLabel("singular value s_i (log)");
        spectrumY.setForceZeroInRange(false);
        spectrumY.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                // Ticks sit at log10 positions; label them with the singular value itself.
                return String.format(Locale.ROOT, "%.2g", Math.pow(10, n.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        LineChart<Number, Number> spectra = new LineChart<>(sx, spectrumY);
        spectra.setId("spectrum-chart");
        spectra.setAnimated(false);
        spectra.setCreateSymbols(false);
        // log10(1) = 0 would draw the zero line through the middle of the spectra.
        spectra.setHorizontalZeroLineVisible(false);
        spectra.setTitle("Spectra: gap G = W - Wp vs W");
        gapSeries.setName("gap G");
        weightSeries.setName("W");
        spectrumMarker.setName("rank");
        spectra.getData().add(gapSeries);
        spectra.getData().add(weightSeries);
        spectra.getData().add(spectrumMarker);
        spectra.setPrefHeight(250);
        spectra.setMinHeight(180);

        NumberAxis ex = new NumberAxis();
        ex.setLabel("rank r");
        NumberAxis ey = new NumberAxis(0, 100, 20);
        ey.setLabel("E(r) %");
        LineChart<Number, Number> energy = new LineChart<>(ex, ey);
        energy.setId("energy-chart");
        energy.setAnimated(false);
        energy.setCreateSymbols(false);
        energy.setTitle("Captured gap energy E(r)");
        energy.setLegendVisible(false);
        energySeries.setName("E(r)");
        energyMarker.setName("rank");
        energy.getData().add(energySeries);
        energy.getData().add(energyMarker);
        energy.setPrefHeight(190);
        energy.setMinHeight(150);

        Label maskTitle = new Label("Pruning mask (red +, blue \u2212, black pruned)");
        maskTitle.getStyleClass().add("section-title");
        Button zoomIn = new Button("+");
        zoomIn.setId("mask-zoom-in");
        zoomIn.setOnAction(e -> vm.zoomIn());
        Button zoomOut = new Button("\u2212");
        zoomOut.setId("mask-zoom-out");
        zoomOut.setOnAction(e -> vm.zoomOut());
        Button left = new Button("\u2190");
        left.setOnAction(e -> vm.move(0, -1));
        Button right = new Button("\u2192");
        right.setOnAction(e -> vm.move(0, 1));
        Button up = new Button("\u2191");
        up.setOnAction(e -> vm.move(-1, 0));
        Button down = new Button("\u2193");
        down.setOnAction(e -> vm.move(1, 0));
        Label where = new Label();
        where.textProperty().bind(vm.blockTextProperty());
        HBox maskControls = new HBox(4, zoomIn, zoomOut, left, right, up, down, where);
        maskControls.setAlignment(Pos.CENTER_LEFT);
        StackPane maskPane = new StackPane(mask);
        maskPane.setAlignment(Pos.CENTER_LEFT);
        mask.setId("mask-canvas");

        VBox.setVgrow(spectra, Priority.ALWAYS);
        Label hint = new Label("After the analysis, the selected layer's gap spectrum (beside W's own), its captured "
                + "energy E(r) and a picture of the pruning mask appear here.");
        hint.setWrapText(true);
        hint.getStyleClass().add("placeholder");
        var analysed = vm.gapProperty().isNotNull();
        for (javafx.scene.Node n : List.of(spectra, energy, maskTitle, maskControls, maskPane)) {
            n.visibleProperty().bind(analysed);
            n.managedProperty().bind(analysed);
        }
        hint.visibleProperty().bind(analysed.not());
        hint.managedProperty().bind(analysed.not());
        getChildren().addAll(title, info, rank, hint, spectra, energy, maskTitle, maskControls, maskPane);

        vm.gapProperty().addListener((o, a, b) -> showGap(b));
        vm.weightProperty().addListener((o, a, b) -> showWeight(b));
        vm.rankProperty().addListener((o, a, b) -> moveMarkers(b.intValue(), vm.gapProperty().get()));
        vm.weightProperty().addListener((o, a, b) -> moveMarkers(vm.rankProperty().get(), vm.gapProperty().get()));
        this.weight = vm.weightProperty();
        vm.blockProperty().addListener((o, a, b) -> drawMask(b));
        showGap(vm.gapProperty().get());
    }

    private void showGap(Spectrum s) {
        gapSeries.getData().setAll(logPoints(s));
        List<XYChart.Data<Number, Number>> e = new ArrayList<>();
        if (s != null) {
            for (int r = 0; r <= s.maxRank(); r++) {
                e.add(new XYChart.Data<>(r, s.energyFraction(r) * 100));
            }
        }
        energySeries.getData().setAll(e);
        if (s == null) {
            weightSeries.getData().clear();
        }
        moveMarkers(0, s);
    }

    private void showWeight(Spectrum s) {
        weightSeries.getData().setAll(logPoints(s));
    }

    private static List<XYChart.Data<Number, Number>> logPoints(Spectrum s) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>();
        if (s != null) {
            for (int i = 0; i < s.maxRank(); i++) {
                float v = s.value(i);
                if (v > 0) {
                    out.add(new XYChart.Data<>(i + 1, Math.log10(v)));
                }
            }
        }
        return out;
    }

    /** A vertical line at the rank: two points per chart, moved rather than rebuilt. */
    private void moveMarkers(int r, Spectrum s) {
        if (s == null || s.maxRank() == 0) {
            spectrumMarker.getData().clear();
            energyMarker.getData().clear();
            return;
        }
        double lo = Math.log10(Math.max(1e-12, s.value(s.maxRank() - 1)));
        double hi = Math.log10(Math.max(1e-12, s.value(0)));
        Spectrum w = weight == null ? null : weight.getValue();
        if (w != null && w.maxRank() > 0) {
            // The marker spans both curves.
            lo = Math.min(lo, Math.log10(Math.max(1e-12, w.value(w.maxRank() - 1))));
            hi = Math.max(hi, Math.log10(Math.max(1e-12, w.value(0))));
        }
        setLine(spectrumMarker, Math.max(1, r), lo, hi);
        setLine(energyMarker, r, 0, 100);
    }

    private static void setLine(XYChart.Series<Number, Number> series, double x, double y0, double y1) {
        if (series.getData().size() != 2) {
            series.getData().setAll(List.of(new XYChart.Data<>(x, y0), new XYChart.Data<>(x, y1)));
            return;
        }
        series.getData().get(0).setXValue(x);
        series.getData().get(0).setYValue(y0);
        series.getData().get(1).setXValue(x);
        series.getData().get(1).setYValue(y1);
    }

    private void drawMask(WeightBlock b) {
        GraphicsContext g = mask.getGraphicsContext2D();
        g.setFill(Color.rgb(240, 240, 240));
        g.fillRect(0, 0, mask.getWidth(), mask.getHeight());
        if (b == null) {
            return;
        }
        Color[] colours = HeatMap.colours(b);
        double cell = Math.floor(Math.min(MASK_SIZE / b.width(), MASK_SIZE / b.height()) * 100) / 100;
        double gap = cell >= 6 ? 1 : 0;
        for (int r = 0; r < b.height(); r++) {
            for (int c = 0; c < b.width(); c++) {
                g.setFill(colours[r * b.width() + c]);
                g.fillRect(c * cell, r * cell, cell - gap, cell - gap);
            }
        }
    }

    public Canvas mask() {
        return mask;
    }
}
