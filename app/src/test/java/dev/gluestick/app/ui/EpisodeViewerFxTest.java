package dev.gluestick.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.episode.EpisodeViewModel;
import dev.gluestick.views.episode.PolicyVariant;
import dev.gluestick.views.jobs.FxJobExecutor;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.main.RecentFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Sample > Episode viewer on the real sample (2:4 magnitude, R_max 16, 10 episodes to keep it
 * short): the menu item is off until the analysis is done, the viewer draws the three policies'
 * runs of the chosen episode, plays, and follows the rank slider.
 */
@ExtendWith(ApplicationExtension.class)
class EpisodeViewerFxTest {

    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private final ByteArrayOutputStream errText = new ByteArrayOutputStream();
    private final Path sample = dev.gluestick.samples.BundledSample.locate().orElseThrow();
    private EngineWorkbenchService service;
    private FxJobExecutor executor;
    private MainViewModel vm;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ErrorReporter errors = new ErrorReporter(stage, true, new PrintStream(errText, true));
        executor = new FxJobExecutor(errors);
        service = new EngineWorkbenchService(Optional.of(sample), (a, e) -> Optional.of(SampleTaskEvaluator.create(a, e, 10)));
        vm = new MainViewModel(service, executor, new RecentFiles(null));
        window = new MainWindow(stage, vm, service);
        stage.show();
    }

    @AfterEach
    void close() {
        executor.close();
        service.close();
    }

    private MenuItem viewerItem() {
        return ((javafx.scene.control.MenuBar) window.stage().getScene().lookup("#menu-bar")).getMenus().stream()
                .filter(m -> "Sample".equals(m.getText())).findFirst().orElseThrow().getItems().get(0);
    }

    @Test
    void viewerShowsTheThreePoliciesOfAnEpisodeAndPlaysIt(FxRobot robot) throws Exception {
        assertThat(viewerItem().isDisable()).isTrue();
        robot.interact(() -> assertThat(vm.openBundledSample()).isTrue());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.modelProperty().get() != null);
        robot.interact(() -> vm.prune().maxRankProperty().set(16));
        robot.clickOn("#prune-run");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.analysisProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewerItem().isDisable()).isFalse();

        robot.interact(() -> viewerItem().fire());
        EpisodeWindow ew = window.episodeWindow();
        assertThat(ew.stage().isShowing()).isTrue();
        EpisodeViewModel ev = ew.viewModel();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> ev.trajectoryProperty(PolicyVariant.RECOVERED).get() != null
                && ev.getEntries().size() == 10 && ev.getEntries().get(0).pruned() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(errText.toString()).isEmpty();
        assertThat(ev.sceneProperty().get().index()).isZero();
        Label dense = (Label) ew.stage().getScene().lookup("#episode-summary-dense");
        assertThat(dense.getText()).startsWith("dense: ").contains(" after ");
        ListView<?> list = (ListView<?>) ew.stage().getScene().lookup("#episode-list");
        assertThat(list.getItems()).hasSize(10);

        // Another episode from the list.
        robot.interact(() -> list.getSelectionModel().select(3));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ev.sceneProperty().get().index() == 3
                && !ev.loadingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        int max = ev.maxStepProperty().get();
        assertThat(max).isPositive();
        assertThat(ev.stepProperty().get()).isEqualTo(max);

        // Play runs the time from the start; Pause stops it.
        robot.interact(() -> ew.view().playButton().fire());
        assertThat(ev.playingProperty().get()).isTrue();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ev.stepProperty().get() > 2);
        robot.interact(() -> ew.view().playButton().fire());
        assertThat(ev.playingProperty().get()).isFalse();
        assertThat(ev.stepProperty().get()).isBetween(1, max);

        // Keys: Home to the start, Right one step on.
        robot.interact(() -> ew.stage().requestFocus());
        robot.type(javafx.scene.input.KeyCode.HOME);
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ev.stepProperty().get()).isEqualTo(1);

        // The rank slider reruns the recovered policy only.
        robot.interact(() -> vm.rank().valueProperty().set(4));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> ev.summaryProperty(PolicyVariant.RECOVERED).get().startsWith("recovered (rank 4)")
                        && ev.trajectoryProperty(PolicyVariant.RECOVERED).get() != null);
        robot.interact(() -> ew.stage().close());
        assertThat(ev.isActive()).isFalse();
        assertThat(errText.toString()).isEmpty();
    }
}
