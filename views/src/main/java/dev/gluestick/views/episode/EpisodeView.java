package dev.gluestick.views.episode;

import java.util.List;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.util.Duration;

/**
 * The episode viewer: the episode list on the left, the world with the three trajectories
 * overlaid in the middle (legend above), and the time controls below. Drawing only: the state,
 * the traces and the time are the view-model's.
 */
public final class EpisodeView extends BorderPane {

    /** Trajectory colours, chosen away from the beacons' red, green, blue and yellow. */
    static final Map<PolicyVariant, Color> COLOURS = Map.of(
            PolicyVariant.DENSE, Color.rgb(40, 40, 40),
            PolicyVariant.PRUNED, Color.rgb(200, 30, 150),
            PolicyVariant.RECOVERED, Color.rgb(240, 130, 0));
    private static final Map<PolicyVariant, double[]> DASHES = Map.of(
            PolicyVariant.DENSE, new double[0],
            PolicyVariant.PRUNED, new double[] {9, 6},
            PolicyVariant.RECOVERED, new double[0]);
    private static final Color UNSAFE = Color.rgb(220, 0, 0);
    /** Steps per animation frame at 20 frames a second: twice real time (dt = 0.1 s). */
    private static final int STEPS_PER_FRAME = 1;

    private final EpisodeViewModel vm;
    private final Canvas canvas = new Canvas(600, 600);
    private final Timeline timeline;
    private final ListView<EpisodeViewModel.Entry> list = new ListView<>();
    private final Button play = new Button("Play");
    private boolean refreshing;

    public EpisodeView(EpisodeViewModel vm) {
        this.vm = vm;
        getStyleClass().add("episode-view");
        setId("episode-view");

        // Left: which episode.
        ChoiceBox<EpisodeViewModel.Filter> filter =
                new ChoiceBox<>(FXCollections.observableArrayList(EpisodeViewModel.Filter.values()));
        filter.valueProperty().bindBidirectional(vm.filterProperty());
        filter.setId("episode-filter");
        filter.setMaxWidth(Double.MAX_VALUE);
        list.setId("episode-list");
        // The list holds a copy, so replacing its items (new outcomes, another filter) can be told
        // apart from the user choosing an episode: the selection the ListView shifts on a refresh
        // must not switch the episode.
        ObservableList<EpisodeViewModel.Entry> shown = FXCollections.observableArrayList(vm.getEntries());
        list.setItems(shown);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !refreshing) {
                vm.episodeProperty().set(b.index());
            }
        });
        vm.getEntries().addListener((ListChangeListener<EpisodeViewModel.Entry>) c -> {
            refreshing = true;
            try {
                shown.setAll(vm.getEntries());
                selectCurrent();
            } finally {
                refreshing = false;
            }
        });
        vm.episodeProperty().addListener((o, a, b) -> selectCurrent());
        Label listTitle = new Label("Episodes (fixed evaluation set)");
        listTitle.getStyleClass().add("section-title");
        Label status = new Label();
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(22, 22);
        busy.visibleProperty().bind(vm.loadingProperty());
        HBox statusRow = new HBox(6, busy, status);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        Label count = new Label();
        count.setId("episode-count");
        count.textProperty().bind(vm.countTextProperty());
        VBox left = new VBox(6, listTitle, filter, count, list, statusRow);
        VBox.setVgrow(list, Priority.ALWAYS);
        left.setPadding(new Insets(8));
        left.setPrefWidth(380);
        setLeft(left);

        // Centre: the world, with the legend above it.
        Pane holder = new Pane(canvas);
        holder.setMinSize(200, 200);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        FlowPane legend = new FlowPane(18, 4);
        legend.setId("episode-legend");
        for (PolicyVariant v : PolicyVariant.values()) {
            Line swatch = new Line(0, 0, 28, 0);
            swatch.setStroke(COLOURS.get(v));
            swatch.setStrokeWidth(3);
            for (double d : DASHES.get(v)) {
                swatch.getStrokeDashArray().add(d);
            }
            Label l = new Label();
            l.setId("episode-summary-" + v.name().toLowerCase(java.util.Locale.ROOT));
            l.textProperty().bind(vm.summaryProperty(v));
            HBox item = new HBox(6, swatch, l);
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        Label marks = new Label("\u2716 red: collision or left the arena   \u25CB ring: reached the marker   "
                + "\u25A0 square: wrong marker or timeout.   Recovered follows the main window's rank slider.   "
                + "Keys: Space play/pause, \u2190 \u2192 step, Home/End.");
        marks.getStyleClass().add("hint");
        marks.setWrapText(true);
        VBox centre = new VBox(4, legend, marks, holder);
        VBox.setVgrow(holder, Priority.ALWAYS);
        centre.setPadding(new Insets(8));
        setCenter(centre);

        // Bottom: time.
        Slider time = new Slider();
        time.setId("episode-time");
        time.maxProperty().bind(vm.maxStepProperty());
        time.valueProperty().bindBidirectional(vm.stepProperty());
        time.setBlockIncrement(1);
        time.setMajorTickUnit(50);
        time.setShowTickMarks(true);
        HBox.setHgrow(time, Priority.ALWAYS);
        time.setMaxWidth(Double.MAX_VALUE);
        play.setId("episode-play");
        play.setOnAction(e -> vm.togglePlay());
        play.setMinWidth(70);
        Button start = button("|\u25C0", "Back to the start", vm::toStart);
        Button back = button("\u25C0", "One step back", () -> vm.stepBy(-1));
        Button fwd = button("\u25B6", "One step on", () -> vm.stepBy(1));
        Button end = button("\u25B6|", "To the end", vm::toEnd);
        Label timeText = new Label();
        timeText.setId("episode-time-text");
        timeText.textProperty().bind(vm.timeTextProperty());
        timeText.setMinWidth(110);
        HBox controls = new HBox(8, start, back, play, fwd, end, time, timeText);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(8));
        controls.disableProperty().bind(vm.maxStepProperty().isEqualTo(0));
        setBottom(controls);

        // Keys anywhere in the viewer: Space plays or pauses, Left/Right step, Home/End jump.
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case SPACE -> vm.togglePlay();
                case LEFT, KP_LEFT -> vm.stepBy(-1);
                case RIGHT, KP_RIGHT -> vm.stepBy(1);
                case HOME -> vm.toStart();
                case END -> vm.toEnd();
                default -> {
                    return;
                }
            }
            e.consume();
        });

        timeline = new Timeline(new KeyFrame(Duration.millis(50), e -> vm.tick(STEPS_PER_FRAME)));
        timeline.setCycleCount(Animation.INDEFINITE);
        vm.playingProperty().addListener((o, a, b) -> {
            play.setText(b ? "Pause" : "Play");
            if (b) {
                timeline.play();
            } else {
                timeline.stop();
            }
        });

        for (Observable o : List.<Observable>of(vm.sceneProperty(), vm.stepProperty(), canvas.widthProperty(),
                canvas.heightProperty(), vm.trajectoryProperty(PolicyVariant.DENSE),
                vm.trajectoryProperty(PolicyVariant.PRUNED), vm.trajectoryProperty(PolicyVariant.RECOVERED))) {
            o.addListener(x -> draw());
        }
        selectCurrent();
        draw();
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new javafx.scene.control.Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private void selectCurrent() {
        int e = vm.episodeProperty().get();
        for (EpisodeViewModel.Entry en : list.getItems()) {
            if (en.index() == e) {
                if (list.getSelectionModel().getSelectedItem() != en) {
                    list.getSelectionModel().select(en);
                    list.scrollTo(en);
                }
                return;
            }
        }
        list.getSelectionModel().clearSelection(); // the episode shown is not in this list
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        EpisodeScene s = vm.sceneProperty().get();
        if (s == null) {
            g.setFill(Color.GRAY);
            g.setFont(Font.font(14));
            g.fillText(vm.statusProperty().get().isEmpty() ? "No episode loaded." : vm.statusProperty().get(), 16, 30);
            return;
        }
        Viewport v = Viewport.fit(s.arena(), w, h, 34);
        drawWorld(g, v, s);
        int step = vm.stepProperty().get();
        for (PolicyVariant p : PolicyVariant.values()) {
            Trajectory t = vm.trajectoryProperty(p).get();
            if (t != null) {
                drawTrajectory(g, v, s, t, step);
            }
        }
        g.setFill(Color.BLACK);
        g.setFont(Font.font(null, FontWeight.BOLD, 15));
        g.fillText("Episode #" + s.index() + ":  \u201C" + s.instruction() + "\u201D", v.px(0), v.py(s.arena()) - 12);
    }

    private static void drawWorld(GraphicsContext g, Viewport v, EpisodeScene s) {
        g.setFill(Color.rgb(246, 243, 236));
        g.fillRect(v.px(0), v.py(s.arena()), v.len(s.arena()), v.len(s.arena()));
        // The arena's edge, faint and dashed, so gaps in the boundary wall read as openings.
        g.setStroke(Color.rgb(190, 190, 190));
        g.setLineWidth(1);
        g.setLineDashes(4, 4);
        g.strokeRect(v.px(0), v.py(s.arena()), v.len(s.arena()), v.len(s.arena()));
        g.setLineDashes();
        g.setFill(Color.rgb(150, 150, 150));
        g.setStroke(Color.rgb(90, 90, 90));
        g.setLineWidth(1.2);
        for (EpisodeScene.Disc d : s.discs()) {
            double r = v.len(d.r());
            g.fillOval(v.px(d.x()) - r, v.py(d.y()) - r, 2 * r, 2 * r);
            g.strokeOval(v.px(d.x()) - r, v.py(d.y()) - r, 2 * r, 2 * r);
        }
        for (EpisodeScene.Box b : s.boxes()) {
            g.fillRect(v.px(b.minX()), v.py(b.maxY()), v.len(b.maxX() - b.minX()), v.len(b.maxY() - b.minY()));
            g.strokeRect(v.px(b.minX()), v.py(b.maxY()), v.len(b.maxX() - b.minX()), v.len(b.maxY() - b.minY()));
        }
        g.setStroke(Color.rgb(50, 50, 60));
        g.setLineWidth(Math.max(3, v.len(0.08)));
        g.setLineCap(StrokeLineCap.BUTT);
        for (EpisodeScene.Wall wall : s.walls()) {
            g.strokeLine(v.px(wall.x0()), v.py(wall.y0()), v.px(wall.x1()), v.py(wall.y1()));
        }
        g.setLineCap(StrokeLineCap.ROUND);
        g.setFont(Font.font(null, FontWeight.BOLD, 12));
        for (EpisodeScene.Beacon b : s.beacons()) {
            double x = v.px(b.x());
            double y = v.py(b.y());
            if (b.target()) {
                double reach = v.len(s.reach());
                g.setStroke(beacon(b.colour()));
                g.setLineWidth(1.5);
                g.setLineDashes(3, 3);
                g.strokeOval(x - reach, y - reach, 2 * reach, 2 * reach);
                g.setLineDashes();
            }
            double r = v.len(b.radius());
            g.setFill(beacon(b.colour()));
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
            g.setStroke(Color.BLACK);
            g.setLineWidth(b.target() ? 2.5 : 1);
            g.strokeOval(x - r, y - r, 2 * r, 2 * r);
            g.setFill(Color.BLACK);
            g.fillText(b.colour() + (b.target() ? " (target)" : ""), x + r + 4, y - r);
        }
        // Start pose: a hollow disc with its heading.
        double rr = v.len(s.robotRadius());
        g.setStroke(Color.rgb(90, 90, 90));
        g.setLineWidth(1.5);
        g.strokeOval(v.px(s.startX()) - rr, v.py(s.startY()) - rr, 2 * rr, 2 * rr);
        g.strokeLine(v.px(s.startX()), v.py(s.startY()), v.headingX(s.startX(), s.startTheta(), s.robotRadius() * 1.6),
                v.headingY(s.startY(), s.startTheta(), s.robotRadius() * 1.6));
        g.setFill(Color.rgb(90, 90, 90));
        g.setFont(Font.font(11));
        g.fillText("start", v.px(s.startX()) + rr + 3, v.py(s.startY()) + rr + 10);
    }

    private static Color beacon(String colour) {
        return switch (colour) {
            case "red" -> Color.rgb(230, 40, 40);
            case "green" -> Color.rgb(40, 170, 60);
            case "blue" -> Color.rgb(30, 110, 230);
            case "yellow" -> Color.rgb(250, 210, 20);
            default -> Color.GRAY;
        };
    }

    private static void drawTrajectory(GraphicsContext g, Viewport v, EpisodeScene s, Trajectory t, int step) {
        Color c = COLOURS.get(t.variant());
        int now = t.poseAt(step);
        g.setLineDashes(DASHES.get(t.variant()));
        // The whole path faint, the part travelled so far solid.
        g.setStroke(c.deriveColor(0, 1, 1, 0.25));
        g.setLineWidth(2);
        polyline(g, v, t, now, t.steps());
        g.setStroke(c);
        g.setLineWidth(t.variant() == PolicyVariant.RECOVERED ? 3 : 2.5);
        polyline(g, v, t, 0, now);
        g.setLineDashes();
        boolean ended = step >= t.steps();
        double ex = v.px(t.x(t.steps()));
        double ey = v.py(t.y(t.steps()));
        double m = Math.max(7, v.len(0.22));
        double alpha = ended ? 1 : 0.35;
        if (t.end().unsafe()) {
            g.setStroke(UNSAFE.deriveColor(0, 1, 1, alpha));
            g.setLineWidth(4);
            g.strokeLine(ex - m, ey - m, ex + m, ey + m);
            g.strokeLine(ex - m, ey + m, ex + m, ey - m);
        } else if (t.end() == EpisodeEnd.SUCCESS) {
            g.setStroke(c.deriveColor(0, 1, 1, alpha));
            g.setLineWidth(3);
            g.strokeOval(ex - m, ey - m, 2 * m, 2 * m);
        } else {
            g.setFill(c.deriveColor(0, 1, 1, alpha));
            g.fillRect(ex - m * 0.7, ey - m * 0.7, m * 1.4, m * 1.4);
        }
        // The robot where this policy is at the current step.
        double x = t.x(now);
        double y = t.y(now);
        double r = v.len(s.robotRadius());
        g.setFill(c.deriveColor(0, 1, 1, 0.25));
        g.fillOval(v.px(x) - r, v.py(y) - r, 2 * r, 2 * r);
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeOval(v.px(x) - r, v.py(y) - r, 2 * r, 2 * r);
        g.strokeLine(v.px(x), v.py(y), v.headingX(x, t.theta(now), s.robotRadius() * 1.5),
                v.headingY(y, t.theta(now), s.robotRadius() * 1.5));
    }

    private static void polyline(GraphicsContext g, Viewport v, Trajectory t, int from, int to) {
        if (to <= from) {
            return;
        }
        g.beginPath();
        g.moveTo(v.px(t.x(from)), v.py(t.y(from)));
        for (int i = from + 1; i <= to; i++) {
            g.lineTo(v.px(t.x(i)), v.py(t.y(i)));
        }
        g.stroke();
    }

    public Canvas canvas() {
        return canvas;
    }

    public Button playButton() {
        return play;
    }

    /** Stops the animation (the viewer window closed). */
    public void stop() {
        timeline.stop();
    }
}
