package dev.gluestick.views.episode;

import dev.gluestick.views.service.EpisodeReplay;
import java.util.List;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * The episode viewer: the arena seen from above with the dense (blue), pruned (red) and recovered
 * (green) trajectories of the same episode overlaid; a cross marks where a run hit something or
 * left the arena. Step through with the slider or play.
 */
public final class EpisodeView extends BorderPane {

    private static final double SIZE = 560;
    private static final List<Color> RUN_COLOURS = List.of(Color.rgb(47, 95, 179), Color.rgb(210, 69, 47),
            Color.rgb(46, 154, 72), Color.rgb(122, 63, 176));

    private final Canvas canvas = new Canvas(SIZE, SIZE);
    private final EpisodeViewModel vm;

    public EpisodeView(EpisodeViewModel vm) {
        this.vm = vm;
        setPadding(new Insets(8));
        Button prev = new Button("\u25c0 Episode");
        prev.setOnAction(e -> vm.previous());
        Button next = new Button("Episode \u25b6");
        next.setOnAction(e -> vm.next());
        Spinner<Integer> index = new Spinner<>(0, Math.max(0, vm.episodeCount() - 1), vm.episodeProperty().get());
        index.setId("episode-index");
        index.setEditable(true);
        index.setPrefWidth(90);
        index.valueProperty().addListener((o, a, b) -> vm.episodeProperty().set(b));
        vm.episodeProperty().addListener((o, a, b) -> index.getValueFactory().setValue(b.intValue()));
        Button reload = new Button("Use current ranks");
        reload.setOnAction(e -> vm.load());
        Slider step = new Slider(0, 1, 0);
        step.setId("episode-step");
        step.maxProperty().bind(vm.stepsProperty());
        step.valueProperty().bindBidirectional(vm.stepProperty());
        HBox.setHgrow(step, Priority.ALWAYS);
        Timeline play = new Timeline(new KeyFrame(Duration.millis(40), e -> { }));
        Button playButton = new Button("Play");
        play.getKeyFrames().setAll(new KeyFrame(Duration.millis(40), e -> {
            if (!vm.advance()) {
                play.stop();
                playButton.setText("Play");
            }
        }));
        play.setCycleCount(Timeline.INDEFINITE);
        playButton.setOnAction(e -> {
            if (play.getStatus() == javafx.animation.Animation.Status.RUNNING) {
                play.stop();
                playButton.setText("Play");
            } else {
                if (vm.stepProperty().get() >= vm.stepsProperty().get()) {
                    vm.stepProperty().set(0);
                }
                playButton.setText("Pause");
                play.play();
            }
        });
        HBox controls = new HBox(6, prev, index, next, reload, playButton, step);
        controls.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.setId("episode-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        Label legend = new Label("blue: dense   red: pruned   green: pruned + correction   \u2715: collision or left the arena   "
                + "ringed marker: the instructed one");
        setTop(controls);
        setCenter(canvas);
        setBottom(new VBox(4, summary, legend));
        BorderPane.setMargin(canvas, new Insets(8, 0, 8, 0));
        vm.replayProperty().addListener((o, a, b) -> draw());
        vm.stepProperty().addListener((o, a, b) -> draw());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.rgb(245, 245, 245));
        g.fillRect(0, 0, SIZE, SIZE);
        EpisodeReplay r = vm.replayProperty().get();
        if (r == null) {
            return;
        }
        double s = SIZE / r.arena();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, r.arena() * s, r.arena() * s);
        g.setFill(Color.rgb(150, 150, 155));
        for (double[] c : r.circles()) {
            g.fillOval(px(c[0] - c[2], s), py(c[1] + c[2], s, r), 2 * c[2] * s, 2 * c[2] * s);
        }
        for (double[] b : r.boxes()) {
            g.fillRect(px(b[0], s), py(b[3], s, r), (b[2] - b[0]) * s, (b[3] - b[1]) * s);
        }
        g.setStroke(Color.rgb(60, 60, 65));
        g.setLineWidth(3);
        for (double[] w : r.walls()) {
            g.strokeLine(px(w[0], s), py(w[1], s, r), px(w[2], s), py(w[3], s, r));
        }
        double lr = r.robotRadius() * s;
        for (EpisodeReplay.Landmark l : r.landmarks()) {
            g.setFill(colour(l.colour()));
            g.fillOval(px(l.x(), s) - lr, py(l.y(), s, r) - lr, 2 * lr, 2 * lr);
            if (l.target()) {
                g.setStroke(Color.BLACK);
                g.setLineWidth(2);
                g.strokeOval(px(l.x(), s) - 1.8 * lr, py(l.y(), s, r) - 1.8 * lr, 3.6 * lr, 3.6 * lr);
            }
        }
        int upTo = vm.stepProperty().get();
        for (int k = 0; k < r.runs().size(); k++) {
            EpisodeReplay.Run run = r.runs().get(k);
            Color c = RUN_COLOURS.get(k % RUN_COLOURS.size());
            int last = Math.min(upTo, run.length() - 1);
            g.setStroke(c);
            g.setLineWidth(2);
            for (int i = 1; i <= last; i++) {
                g.strokeLine(px(run.x(i - 1), s), py(run.y(i - 1), s, r), px(run.x(i), s), py(run.y(i), s, r));
            }
            double x = px(run.x(last), s);
            double y = py(run.y(last), s, r);
            g.setFill(c);
            g.fillOval(x - lr * 0.8, y - lr * 0.8, 1.6 * lr, 1.6 * lr);
            if (run.unsafe() && last == run.length() - 1) {
                g.setStroke(Color.BLACK);
                g.setLineWidth(3);
                g.strokeLine(x - 8, y - 8, x + 8, y + 8);
                g.strokeLine(x - 8, y + 8, x + 8, y - 8);
            }
        }
    }

    private static double px(double x, double s) {
        return x * s;
    }

    /** World y grows up, the canvas's grows down. */
    private static double py(double y, double s, EpisodeReplay r) {
        return (r.arena() - y) * s;
    }

    private static Color colour(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "red" -> Color.rgb(220, 40, 40);
            case "green" -> Color.rgb(40, 170, 60);
            case "blue" -> Color.rgb(40, 90, 220);
            case "yellow" -> Color.rgb(230, 190, 20);
            default -> Color.GRAY;
        };
    }

    public Canvas canvas() {
        return canvas;
    }
}
