package dev.gluestick.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.app.bench.SyntheticLlama;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.views.jobs.FxJobExecutor;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.main.RecentFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window over the real engine, headless (Monocle): open a small generated Llama-shaped
 * checkpoint, prune 2:4 and analyze, move the slider, export, and read the export back.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowFxTest {

    static {
        // Monocle's headless screen is 1280x800 by default; the window is laid out for 1600x1000.
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    private final Path dir;
    private final Path model;
    private final ByteArrayOutputStream errText = new ByteArrayOutputStream();
    private EngineWorkbenchService service;
    private FxJobExecutor executor;
    private MainViewModel vm;
    private MainWindow window;

    WorkbenchWindowFxTest() throws IOException {
        dir = Files.createTempDirectory("gluestick-window");
        model = dir.resolve("mini");
        new SyntheticLlama(2, 64, 128, 100, 5, 1L << 30).writeTo(model);
    }

    @Start
    void start(Stage stage) {
        ErrorReporter errors = new ErrorReporter(stage, true, new PrintStream(errText, true));
        executor = new FxJobExecutor(errors);
        service = new EngineWorkbenchService(Optional.empty(), (a, engine) -> Optional.empty());
        vm = new MainViewModel(service, executor, new RecentFiles(dir.resolve("recent.txt")));
        window = new MainWindow(stage, vm);
        stage.show();
    }

    @AfterEach
    void close() {
        executor.close();
        service.close();
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.executor().currentJob().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void openAndAnalyze(FxRobot robot) throws Exception {
        robot.interact(() -> vm.open(model));
        settle();
        assertThat(window.view().layers().table().getItems()).hasSize(14);
        robot.clickOn("#prune-run");
        settle();
        assertThat(errText.toString()).isEmpty();
        assertThat(vm.analysisProperty().get().layers()).hasSize(14);
    }

    @Test
    void slidingTheRankMovesTheTotalsAndTheChartPoint(FxRobot robot) throws Exception {
        openAndAnalyze(robot);
        Slider slider = robot.lookup("#rank-slider").queryAs(Slider.class);
        Label memory = robot.lookup("#totals-memory").queryAs(Label.class);
        Label error = robot.lookup("#totals-error").queryAs(Label.class);
        robot.interact(() -> slider.setValue(0));
        String memoryBefore = memory.getText();
        String errorBefore = error.getText();
        double[] before = window.view().tradeOff().markerPosition();

        robot.clickOn(slider);
        robot.interact(() -> slider.setValue(0));
        robot.type(KeyCode.PAGE_UP).type(KeyCode.RIGHT, 3);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(slider.getValue()).isEqualTo(vm.rank().pageProperty().get() + 3);
        assertThat(memory.getText()).isNotEqualTo(memoryBefore);
        assertThat(error.getText()).isNotEqualTo(errorBefore);
        double[] after = window.view().tradeOff().markerPosition();
        assertThat(after[0]).isGreaterThan(before[0]);
        assertThat(after[1]).isLessThan(before[1]);
        settle();
        robot.interact(() -> {
            try {
                Snapshots.write(window.stage().getScene(), Path.of("target", "screenshots", "window-after-analysis.png"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void exportWritesABaseAndAnAdapterThatLoadBack(FxRobot robot) throws Exception {
        openAndAnalyze(robot);
        robot.interact(() -> vm.rank().valueProperty().set(8));
        Path out = dir.resolve("export");
        robot.interact(() -> window.showExport());
        WaitForAsyncUtils.waitForFxEvents();
        TextField folder = robot.lookup("#export-folder").queryAs(TextField.class);
        robot.interact(() -> folder.setText(out.toString()));
        robot.clickOn("#export-run");
        settle();

        assertThat(errText.toString()).isEmpty();
        assertThat(out.resolve("adapter/adapter_model.safetensors")).isRegularFile();
        assertThat(out.resolve("adapter/adapter_config.json")).isRegularFile();
        assertThat(out.resolve("report.json")).isRegularFile();
        try (Checkpoint base = Checkpoints.open(out.resolve("model"));
                Checkpoint adapter = Checkpoints.open(out.resolve("adapter/adapter_model.safetensors"))) {
            assertThat(base.tensors()).hasSize(Checkpoints.open(model).tensors().size());
            assertThat(adapter.tensors()).hasSize(2 * 14);
            assertThat(adapter.tensor("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").orElseThrow()
                    .shape()).containsExactly(8, 64);
        }
        String summary = robot.lookup("#export-summary").queryAs(javafx.scene.control.TextArea.class).getText();
        assertThat(summary).startsWith("Wrote ").contains("adapter_model.safetensors");
        Window dialog = robot.window("Export");
        robot.interact(() -> {
            try {
                Snapshots.write(dialog.getScene(), Path.of("target", "screenshots", "export-dialog.png"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // A second export into the now non-empty folder is refused before it starts.
        assertThat(robot.lookup("#export-problem").queryAs(Label.class).getText()).contains("not empty");
        assertThat(robot.lookup("#export-run").queryAs(Node.class).isDisabled()).isTrue();
    }

    @Test
    void aBadFileEndsInOneDialogInPlainWords(FxRobot robot) throws Exception {
        Path bogus = Files.writeString(dir.resolve("broken.safetensors"), "not a safetensors file");
        robot.interact(() -> vm.open(bogus));
        settle();
        WaitForAsyncUtils.waitForFxEvents();
        Label message = robot.lookup("#error-message").queryAs(Label.class);
        assertThat(message.getText()).contains("broken.safetensors");
        assertThat(vm.modelProperty().get()).isNull();
    }
}
