package dev.gluestick.views.main;

import dev.gluestick.views.detail.DetailView;
import dev.gluestick.views.jobs.JobProgressView;
import dev.gluestick.views.layers.LayerTableView;
import dev.gluestick.views.prune.PruneView;
import dev.gluestick.views.rank.RankView;
import dev.gluestick.views.rank.TradeOffChartView;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The panels laid out: prune form on the left, the rank slider and totals across the centre top,
 * the trade-off chart and the layer table below it, the selected layer's detail on the right,
 * the status bar at the bottom. Menus, dialogs and file pickers are the window's (app) business.
 */
public final class MainView extends BorderPane {

    /** Where the stylesheet lives, for the scene. */
    public static final String STYLESHEET =
            MainView.class.getResource("/dev/gluestick/views/workbench.css").toExternalForm();

    private final PruneView prune;
    private final RankView rank;
    private final TradeOffChartView tradeOff;
    private final LayerTableView layers;
    private final DetailView detail;

    public MainView(MainViewModel vm) {
        getStyleClass().add("main-view");
        prune = new PruneView(vm.prune());
        prune.runButton().disableProperty().bind(vm.canAnalyzeProperty().not().or(vm.busyProperty()));
        prune.runButton().setOnAction(e -> vm.analyze());
        JobProgressView jobs = new JobProgressView(vm.executor(), "prune", true);
        Label task = new Label();
        task.setWrapText(true);
        task.textProperty().bind(vm.task().textProperty());
        jobs.setPadding(new javafx.geometry.Insets(0, 8, 0, 8));
        task.setPadding(new javafx.geometry.Insets(0, 8, 0, 8));
        VBox left = new VBox(8, prune, jobs, task);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setMinWidth(250);

        rank = new RankView(vm.rank());
        tradeOff = new TradeOffChartView(vm.rank(), vm.task());
        layers = new LayerTableView(vm.layers());
        SplitPane centreSplit = new SplitPane(tradeOff, layers);
        centreSplit.setOrientation(Orientation.VERTICAL);
        centreSplit.setDividerPositions(0.42);
        VBox centre = new VBox(rank, centreSplit);
        VBox.setVgrow(centreSplit, Priority.ALWAYS);

        detail = new DetailView(vm.detail());
        ScrollPane rightScroll = new ScrollPane(detail);
        rightScroll.setFitToWidth(true);
        rightScroll.setMinWidth(300);

        SplitPane main = new SplitPane(leftScroll, centre, rightScroll);
        main.setDividerPositions(0.15, 0.72);
        SplitPane.setResizableWithParent(leftScroll, false);
        setCenter(main);
        setBottom(new StatusBarView(vm));
    }

    public PruneView prune() {
        return prune;
    }

    public RankView rank() {
        return rank;
    }

    public TradeOffChartView tradeOff() {
        return tradeOff;
    }

    public LayerTableView layers() {
        return layers;
    }

    public DetailView detail() {
        return detail;
    }
}
