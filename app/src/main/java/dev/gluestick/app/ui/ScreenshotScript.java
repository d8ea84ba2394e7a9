package dev.gluestick.app.ui;

import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.rank.RankMode;
import java.io.IOException;
import java.util.function.IntConsumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Duration;

/**
 * The {@code --screenshot} run: wait for the model to open, run the analysis with the prune
 * panel's defaults, set the rank slider, wait until every background job is done, snapshot the
 * window and quit. The exit code is 0 only if nothing failed on the way.
 */
final class ScreenshotScript {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private enum Step { OPENING, ANALYZING, SETTLING, DIALOG, EPISODES, DONE }

    private final MainWindow window;
    private final MainViewModel vm;
    private final WindowOptions options;
    private final ErrorReporter errors;
    private final IntConsumer exit;
    private final long started = System.currentTimeMillis();
    private Step step = Step.OPENING;
    private int quietTicks;
    private Timeline timer;
    private javafx.scene.Scene dialog;

    ScreenshotScript(MainWindow window, MainViewModel vm, WindowOptions options, ErrorReporter errors, IntConsumer exit) {
        this.window = window;
        this.vm = vm;
        this.options = options;
        this.errors = errors;
        this.exit = exit;
    }

    void start() {
        timer = new Timeline(new KeyFrame(Duration.millis(250), e -> tick()));
        timer.setCycleCount(Timeline.INDEFINITE);
        timer.play();
    }

    private void tick() {
        boolean busy = !vm.isIdle();
        if (errors.lastMessage() != null || System.currentTimeMillis() - started > TIMEOUT_MS) {
            finish(1);
            return;
        }
        switch (step) {
            case OPENING -> {
                if (busy) {
                    return;
                }
                if (vm.modelProperty().get() == null || options.state() == WindowOptions.SnapshotState.OPENED) {
                    // Nothing to open (no sample, no --open), or the just-opened state was asked for.
                    step = Step.SETTLING;
                } else {
                    vm.analyze();
                    step = Step.ANALYZING;
                }
            }
            case ANALYZING -> {
                if (!busy && vm.analysisProperty().get() != null) {
                    vm.rank().modeProperty().set(RankMode.UNIFORM);
                    double max = vm.rank().maxProperty().get();
                    vm.rank().valueProperty().set(options.rank() >= 0 ? options.rank() : Math.round(max / 4));
                    step = Step.SETTLING;
                }
            }
            case SETTLING -> {
                // A few quiet ticks in a row: the detail pane's background loads and a layout pass are done.
                quietTicks = busy ? 0 : quietTicks + 1;
                if (quietTicks >= 4) {
                    if (options.state() == WindowOptions.SnapshotState.EXPORT && vm.analysisProperty().get() != null) {
                        dialog = window.showExport().getDialogPane().getScene();
                        quietTicks = 0;
                        step = Step.DIALOG;
                    } else if (options.state() == WindowOptions.SnapshotState.EPISODE
                            && window.showEpisodesIfPossible()) {
                        dialog = window.episodeWindow().stage().getScene();
                        window.episodeWindow().viewModel().filterProperty()
                                .set(dev.gluestick.views.episode.EpisodeViewModel.Filter.PRUNED_FAILS);
                        quietTicks = 0;
                        step = Step.EPISODES;
                    } else {
                        finish(0);
                    }
                }
            }
            case DIALOG -> {
                if (++quietTicks >= 3) {
                    finish(0);
                }
            }
            case EPISODES -> {
                // Once the outcomes are known, show the first episode the pruned policy fails.
                var ev = window.episodeWindow().viewModel();
                if (!ev.getEntries().isEmpty() && ev.getEntries().get(0).pruned() != null
                        && ev.episodeProperty().get() != ev.getEntries().get(0).index()) {
                    ev.episodeProperty().set(ev.getEntries().get(0).index());
                    quietTicks = 0;
                }
                quietTicks = busy ? 0 : quietTicks + 1;
                if (quietTicks >= 6) {
                    finish(0);
                }
            }
            case DONE -> { }
        }
    }

    private void finish(int code) {
        step = Step.DONE;
        timer.stop();
        int result = code;
        try {
            Snapshots.write(dialog != null ? dialog : window.stage().getScene(), options.screenshot());
            System.err.println("gluestick: window snapshot written to " + options.screenshot().toAbsolutePath());
        } catch (IOException e) {
            System.err.println("gluestick: cannot write " + options.screenshot() + ": " + e.getMessage());
            result = 1;
        }
        exit.accept(result);
        Platform.exit();
    }
}
