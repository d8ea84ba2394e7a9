package dev.gluestick.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.jobs.FxJobExecutor;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.main.RecentFiles;
import dev.gluestick.views.task.TaskCurveViewModel;
import dev.gluestick.views.task.TaskPoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the bundled sample: open it, analyze (2:4 magnitude, R_max 16 to keep it short),
 * and the task-accuracy curve fills in from closed-loop episodes of the policy with the
 * corrections applied factored (10 episodes per rank here; the app runs all 200).
 */
@ExtendWith(ApplicationExtension.class)
class SampleWindowFxTest {

    static {
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private final ByteArrayOutputStream errText = new ByteArrayOutputStream();
    private final Path sample = dev.gluestick.samples.BundledSample.locate().orElseThrow();
    private EngineWorkbenchService service;
    private FxJobExecutor executor;
    private MainViewModel vm;

    @Start
    void start(Stage stage) {
        ErrorReporter errors = new ErrorReporter(stage, true, new PrintStream(errText, true));
        executor = new FxJobExecutor(errors);
        service = new EngineWorkbenchService(Optional.of(sample), (a, e) -> Optional.of(SampleTaskEvaluator.create(a, e, 10)));
        vm = new MainViewModel(service, executor, new RecentFiles(null));
        new MainWindow(stage, vm);
        stage.show();
    }

    @AfterEach
    void close() {
        executor.close();
        service.close();
    }

    @Test
    void theSampleShowsTaskAccuracyPerRank(FxRobot robot) throws Exception {
        robot.interact(() -> assertThat(vm.openBundledSample()).isTrue());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.modelProperty().get() != null);
        assertThat(vm.modelProperty().get().sample()).isTrue();
        robot.interact(() -> vm.prune().maxRankProperty().set(16));
        robot.clickOn("#prune-run");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.analysisProperty().get() != null);
        TaskCurveViewModel task = vm.task();
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> task.getPoints().size() == TaskCurveViewModel.ladder(16).size());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(errText.toString()).isEmpty();
        assertThat(task.availableProperty().get()).isTrue();
        assertThat(task.denseProperty().get().episodes()).isEqualTo(10);
        assertThat(task.getPoints()).extracting(TaskPoint::rank).containsExactly(0, 4, 8, 16);
        assertThat(task.getPoints()).allSatisfy(p -> {
            assertThat(p.score().successRate()).isBetween(0.0, 1.0);
            assertThat(p.score().episodes()).isEqualTo(10);
        });
        robot.interact(() -> vm.rank().valueProperty().set(8));
        assertThat(task.textProperty().get()).contains("at rank 8");
        assertThat(robot.lookup("#task-chart").query().isVisible()).isTrue();
    }
}
