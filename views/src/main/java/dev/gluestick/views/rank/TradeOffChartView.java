package dev.gluestick.views.rank;

import dev.gluestick.views.task.TaskCurveViewModel;
import dev.gluestick.views.task.TaskPoint;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

/**
 * Memory against weight error for every uniform rank, with the current allocation as a marker.
 * The curve is rebuilt only when it changes (new analysis, storage form, factor dtype); a slider
 * tick only moves the marker's coordinates. When the model can be run, a second chart below shows
 * task success and unsafe rates at the evaluated ranks.
 */
public final class TradeOffChartView extends VBox {

    private final LineChart<Number, Number> chart;
    private final XYChart.Series<Number, Number> curve = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> marker = new XYChart.Series<>();
    private final XYChart.Data<Number, Number> point = new XYChart.Data<>(0, 0);
    private final LineChart<Number, Number> taskChart;
    private final XYChart.Series<Number, Number> success = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> unsafe = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> taskMarker = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> denseSuccess = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> denseUnsafe = new XYChart.Series<>();
    private final TaskCurveViewModel task;

    public TradeOffChartView(RankViewModel vm, TaskCurveViewModel task) {
        getStyleClass().add("trade-off");
        NumberAxis x = new NumberAxis();
        x.setLabel("model memory, % of dense");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("weight error");
        chart = new LineChart<>(x, y);
        chart.setId("trade-off-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setTitle("Trade-off over uniform ranks");
        curve.setName("uniform rank 0..R_max");
        marker.setName("current");
        // The chart resets a data node's style classes, so the marker is coloured here.
        Circle dot = new Circle(7, Color.rgb(224, 50, 43));
        dot.setStroke(Color.WHITE);
        dot.setStrokeWidth(2);
        point.setNode(dot);
        marker.getData().add(point);
        chart.getData().add(curve);
        chart.getData().add(marker);
        VBox.setVgrow(chart, Priority.ALWAYS);

        NumberAxis tx = new NumberAxis();
        tx.setLabel("model memory, % of dense");
        tx.setForceZeroInRange(false);
        NumberAxis ty = new NumberAxis(0, 100, 20);
        ty.setLabel("%");
        taskChart = new LineChart<>(tx, ty);
        taskChart.setId("task-chart");
        taskChart.setAnimated(false);
        taskChart.setTitle("Task: success (green) and unsafe episodes (red) per uniform rank; dashed: dense");
        taskChart.setLegendVisible(false);
        success.setName("success");
        unsafe.setName("unsafe");
        taskChart.getData().add(success);
        taskChart.getData().add(unsafe);
        taskMarker.setName("current memory");
        taskMarker.getData().addAll(List.of(new XYChart.Data<>(0, 0), new XYChart.Data<>(0, 100)));
        taskChart.getData().add(taskMarker);
        // The dense model's rates as dashed lines across the curve: what recovery should come back to.
        denseSuccess.setName("dense success");
        denseUnsafe.setName("dense unsafe");
        taskChart.getData().add(denseSuccess);
        taskChart.getData().add(denseUnsafe);
        taskChart.setPrefHeight(220);
        taskChart.visibleProperty().bind(task.availableProperty());
        taskChart.managedProperty().bind(task.availableProperty());

        Label empty = new Label("The trade-off appears here after the analysis:\n"
                + "model memory against weight error for every uniform rank, with the current point marked.");
        empty.getStyleClass().add("placeholder");
        empty.setWrapText(true);
        empty.setMaxHeight(Double.MAX_VALUE);
        VBox.setVgrow(empty, Priority.ALWAYS);
        var hasCurve = vm.curveProperty().isNotNull();
        chart.visibleProperty().bind(hasCurve);
        chart.managedProperty().bind(hasCurve);
        empty.visibleProperty().bind(hasCurve.not());
        empty.managedProperty().bind(hasCurve.not());
        getChildren().addAll(empty, chart, taskChart);

        vm.curveProperty().addListener((o, a, b) -> showCurve(b));
        showCurve(vm.curveProperty().get());
        vm.pointMemoryProperty().addListener((o, a, b) -> movePoint(vm));
        vm.pointErrorProperty().addListener((o, a, b) -> movePoint(vm));
        movePoint(vm);
        this.task = task;
        task.getPoints().addListener((ListChangeListener<TaskPoint>) c -> showTask(task.getPoints()));
        task.denseProperty().addListener((o, a, b) -> showTask(task.getPoints()));
    }

    private void showCurve(TradeOffCurve c) {
        List<XYChart.Data<Number, Number>> data = new ArrayList<>();
        if (c != null) {
            for (int i = 0; i < c.size(); i++) {
                data.add(new XYChart.Data<>(c.memoryAt(i), c.errorAt(i)));
            }
        }
        curve.getData().setAll(data);
    }

    private void movePoint(RankViewModel vm) {
        double px = vm.pointMemoryProperty().get();
        double py = vm.pointErrorProperty().get();
        boolean known = !Double.isNaN(px) && !Double.isNaN(py);
        point.getNode().setVisible(known);
        if (known) {
            point.setXValue(px);
            point.setYValue(py);
            // The same memory on the task chart: a vertical line, moved, never rebuilt.
            taskMarker.getData().get(0).setXValue(px);
            taskMarker.getData().get(1).setXValue(px);
        }
    }

    private void showTask(List<TaskPoint> points) {
        List<XYChart.Data<Number, Number>> s = new ArrayList<>();
        List<XYChart.Data<Number, Number>> u = new ArrayList<>();
        List<TaskPoint> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Double.compare(a.memoryPercent(), b.memoryPercent()));
        for (TaskPoint p : sorted) {
            s.add(new XYChart.Data<>(p.memoryPercent(), p.score().successRate() * 100));
            u.add(new XYChart.Data<>(p.memoryPercent(), p.score().unsafeRate() * 100));
        }
        success.getData().setAll(s);
        unsafe.getData().setAll(u);
        var d = task.denseProperty().get();
        if (d == null || sorted.isEmpty()) {
            denseSuccess.getData().clear();
            denseUnsafe.getData().clear();
        } else {
            double x0 = sorted.get(0).memoryPercent();
            double x1 = Math.max(sorted.get(sorted.size() - 1).memoryPercent(), 100);
            denseSuccess.getData().setAll(List.of(new XYChart.Data<>(x0, d.successRate() * 100),
                    new XYChart.Data<>(x1, d.successRate() * 100)));
            denseUnsafe.getData().setAll(List.of(new XYChart.Data<>(x0, d.unsafeRate() * 100),
                    new XYChart.Data<>(x1, d.unsafeRate() * 100)));
        }
    }

    /** The marker's current coordinates (memory %, error), for tests. */
    public double[] markerPosition() {
        return new double[] {point.getXValue().doubleValue(), point.getYValue().doubleValue()};
    }

    public LineChart<Number, Number> chart() {
        return chart;
    }
}
