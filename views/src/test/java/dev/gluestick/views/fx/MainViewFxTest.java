package dev.gluestick.views.fx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.InMemoryWorkbenchService;
import dev.gluestick.views.jobs.FxJobExecutor;
import dev.gluestick.views.main.MainView;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.main.RecentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real panels (headless, Monocle) over the in-memory service with real background jobs. */
@ExtendWith(ApplicationExtension.class)
class MainViewFxTest {

    static {
        // Monocle's headless screen is 1280x800 by default; the window is laid out for 1600x1000.
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private final Path dir;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private InMemoryWorkbenchService service;
    private MainViewModel vm;
    private MainView view;

    MainViewFxTest() throws IOException {
        dir = Files.createTempDirectory("gluestick-fx");
    }

    @Start
    void start(Stage stage) {
        service = new InMemoryWorkbenchService(dir.resolve("tiny-model"), 4, 32, 64, 11, true);
        vm = new MainViewModel(service, new FxJobExecutor(failures::add), new RecentFiles(null));
        view = new MainView(vm);
        Scene scene = new Scene(view, 1600, 1000);
        scene.getStylesheets().add(MainView.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    private void settle(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.executor().currentJob().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void analyseThenSlideMovesTotalsAndTheChartPoint(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(dir.resolve("tiny-model")));
        settle(robot);
        assertThat(view.layers().table().getItems()).hasSize(8);
        robot.clickOn("#prune-run");
        settle(robot);
        assertThat(failures).isEmpty();
        assertThat(vm.analysisProperty().get()).isNotNull();

        Slider slider = robot.lookup("#rank-slider").queryAs(Slider.class);
        Label memory = robot.lookup("#totals-memory").queryAs(Label.class);
        robot.interact(() -> slider.setValue(2));
        String before = memory.getText();
        double[] pointBefore = view.tradeOff().markerPosition();

        robot.clickOn(slider);
        robot.interact(() -> slider.setValue(4));
        robot.type(KeyCode.RIGHT).type(KeyCode.PAGE_UP);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(slider.getValue()).isEqualTo(4 + 1 + vm.rank().pageProperty().get());
        assertThat(memory.getText()).isNotEqualTo(before);
        double[] pointAfter = view.tradeOff().markerPosition();
        assertThat(pointAfter[0]).isGreaterThan(pointBefore[0]);
        assertThat(pointAfter[1]).isLessThan(pointBefore[1]);
        assertThat(robot.lookup("#rank-value").queryAs(Label.class).getText()).isEqualTo("rank " + (int) slider.getValue());
        settle(robot);
        snapshot(robot, "views-after-analysis.png");
    }

    @Test
    void draggingTheThumbChangesTheRank(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(dir.resolve("tiny-model")));
        settle(robot);
        robot.clickOn("#prune-run");
        settle(robot);
        Slider slider = robot.lookup("#rank-slider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(0));
        robot.drag("#rank-slider .thumb").moveBy(300, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(slider.getValue()).isGreaterThan(0);
        assertThat(vm.rank().allocationProperty().get().maxRank()).isPositive();
    }

    @Test
    void typingARankIntoTheTableFixesThatLayer(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(dir.resolve("tiny-model")));
        settle(robot);
        robot.clickOn("#prune-run");
        settle(robot);
        robot.interact(() -> vm.rank().valueProperty().set(3));
        var table = view.layers().table();
        robot.interact(() -> {
            table.getSortOrder().clear();
            table.getSelectionModel().select(1);
            table.edit(1, table.getColumns().stream().filter(c -> "Rank".equals(c.getText())).findFirst().orElseThrow());
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("12").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        var row = table.getItems().get(1);
        assertThat(row.getRank()).isEqualTo(12);
        assertThat(row.overriddenProperty().get()).isTrue();
        assertThat(vm.rank().getOverrides()).containsEntry(row.layer().tensorName(), 12);
        robot.interact(() -> vm.rank().valueProperty().set(5));
        assertThat(row.getRank()).isEqualTo(12);
        assertThat(table.getItems().get(0).getRank()).isEqualTo(5);
    }

    @Test
    void aRunningAnalysisShowsProgressAndCancelStopsIt(FxRobot robot) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        service.afterEachLayer(i -> {
            if (i == 2) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.util.concurrent.CancellationException("cancelled");
                }
            }
        });
        robot.interact(() -> vm.open(dir.resolve("tiny-model")));
        settle(robot);
        robot.clickOn("#prune-run");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> vm.layers().getRows().stream().filter(r -> r.getAnalysis() != null).count() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#prune-run").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#status-job").queryAs(Label.class).getText()).startsWith("Analyzing tiny-model");
        assertThat(robot.lookup("#prune-progress").queryAs(javafx.scene.control.ProgressBar.class).getProgress())
                .isBetween(0.2, 0.5);
        snapshot(robot, "views-analysing.png");

        robot.clickOn("#prune-cancel");
        settle(robot);
        release.countDown();
        assertThat(vm.analysisProperty().get()).isNull();
        assertThat(failures).isEmpty();
        assertThat(robot.lookup("#prune-run").queryButton().isDisabled()).isFalse();
    }

    @Test
    void switchingModesKeepsTheSliderInRangeAndTheModelWhereItWas(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(dir.resolve("tiny-model")));
        settle(robot);
        robot.clickOn("#prune-run");
        settle(robot);
        Slider slider = robot.lookup("#rank-slider").queryAs(Slider.class);
        Label value = robot.lookup("#rank-value").queryAs(Label.class);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<dev.gluestick.views.rank.RankMode> mode =
                robot.lookup("#rank-mode").queryAs(javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> slider.setValue(16));
        long bytesAtRank16 = vm.rank().totalsProperty().get().modelBytes();

        robot.interact(() -> mode.setValue(dev.gluestick.views.rank.RankMode.BUDGET));
        assertThat(value.getText()).startsWith("\u2264 ");
        assertThat(slider.getValue()).isBetween(slider.getMin(), slider.getMax());
        assertThat(vm.rank().totalsProperty().get().modelBytes()).isLessThanOrEqualTo(bytesAtRank16);
        assertThat(vm.rank().totalsProperty().get().modelBytes()).isGreaterThan((long) (0.95 * bytesAtRank16));

        robot.interact(() -> mode.setValue(dev.gluestick.views.rank.RankMode.ENERGY));
        assertThat(value.getText()).startsWith("E(r) \u2265 ");
        assertThat(slider.getMax()).isEqualTo(100);

        robot.interact(() -> mode.setValue(dev.gluestick.views.rank.RankMode.UNIFORM));
        assertThat(value.getText()).startsWith("rank ");
        assertThat(slider.getMax()).isEqualTo(64); // layers are 32x64 and 64x64
        assertThat(slider.getValue()).isBetween(8.0, 24.0);
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = view.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.resolve(name).toFile());
    }
}
