package dev.gluestick.app.ui;

import dev.gluestick.views.jobs.FxJobExecutor;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.main.RecentFiles;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The workbench window's JavaFX application: wires the real engine service, the background
 * executor and the single error path into the main view-model and shows the window, opened on
 * the bundled sample (or {@code --open PATH}).
 */
public final class WorkbenchApp extends Application {

    /** The sample's whole fixed evaluation set: the numbers match {@code gluestick sample eval}. */
    static final int SAMPLE_EPISODES = 200;

    private static volatile WindowOptions options = WindowOptions.DEFAULT;
    private static volatile int exitCode = 0;

    private FxJobExecutor executor;
    private EngineWorkbenchService service;

    /** Starts the window and blocks until it closes; returns the process exit code. */
    public static int launchWindow(WindowOptions o) {
        options = o;
        Application.launch(WorkbenchApp.class);
        return exitCode;
    }

    @Override
    public void start(Stage stage) {
        WindowOptions o = options;
        boolean snapshot = o.screenshot() != null;
        ErrorReporter errors = new ErrorReporter(stage, !snapshot, System.err);
        errors.installAsDefaultHandler();
        executor = new FxJobExecutor(errors);
        service = new EngineWorkbenchService(BundledSample.locate(),
                (a, engine) -> Optional.of(SampleTaskEvaluator.create(a, engine, SAMPLE_EPISODES)));
        MainViewModel vm = new MainViewModel(service, executor, new RecentFiles(recentStore()));
        MainWindow window = new MainWindow(stage, vm, service);
        vm.analysisProperty().addListener((obs, old, a) -> {
            if (a != null) {
                errors.warn(a.warnings().size() + " warning" + (a.warnings().size() == 1 ? "" : "s")
                        + " from the analysis of " + a.model().name(), a.warnings());
            }
        });
        stage.show();
        Optional<Path> initial = o.open() != null ? Optional.of(o.open()) : service.bundledSample();
        if (o.open() == null && !snapshot && initial.isPresent()) {
            analyzeSampleOnceOpened(vm);
        }
        initial.ifPresent(vm::open);
        if (snapshot) {
            new ScreenshotScript(window, vm, o, errors, code -> exitCode = code).start();
        }
    }

    /**
     * First start on the bundled sample: analyse it right away (about two seconds) so the slider,
     * the charts and the task curve have something to show. A user's own model is never analysed
     * without asking: for a 7B checkpoint that is a quarter of an hour.
     */
    private static void analyzeSampleOnceOpened(MainViewModel vm) {
        javafx.beans.value.ChangeListener<dev.gluestick.views.service.OpenedModel> once = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends dev.gluestick.views.service.OpenedModel> obs,
                    dev.gluestick.views.service.OpenedModel old, dev.gluestick.views.service.OpenedModel m) {
                if (m == null) {
                    return;
                }
                obs.removeListener(this);
                if (m.sample() && vm.canAnalyzeProperty().get()) {
                    vm.analyze();
                }
            }
        };
        vm.modelProperty().addListener(once);
    }

    private static Path recentStore() {
        return Path.of(System.getProperty("user.home"), ".gluestick", "recent.txt");
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.close();
        }
        if (service != null) {
            service.close();
        }
    }
}
