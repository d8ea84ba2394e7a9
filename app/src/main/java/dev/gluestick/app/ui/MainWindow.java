package dev.gluestick.app.ui;

import dev.gluestick.views.export.ExportDialog;
import dev.gluestick.views.main.MainView;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.service.WorkbenchService;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The workbench window: the panels, the menu bar with its accelerators, drag and drop of
 * checkpoints, the file pickers and the export dialog.
 */
public final class MainWindow {

    private final Stage stage;
    private final MainViewModel vm;
    private final MainView view;
    private final Menu recentMenu = new Menu("Open recent");
    /** Runs the sample episode by episode for Sample > Episode viewer; null: no viewer. */
    private final WorkbenchService episodeService;
    private EpisodeWindow episodes;
    private BooleanBinding canShowEpisodes;

    public MainWindow(Stage stage, MainViewModel vm) {
        this(stage, vm, null);
    }

    public MainWindow(Stage stage, MainViewModel vm, WorkbenchService episodeService) {
        this.stage = stage;
        this.vm = vm;
        this.episodeService = episodeService;
        this.view = new MainView(vm);
        BorderPane root = new BorderPane(view);
        root.setTop(menuBar());
        Scene scene = new Scene(root, 1600, 1000);
        scene.getStylesheets().add(MainView.STYLESHEET);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (!files.isEmpty()) {
                vm.open(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        view.prune().browseCalibrationButton().setOnAction(e -> chooseFile("Calibration norms (safetensors)")
                .ifPresent(p -> vm.prune().calibrationProperty().set(p.toString())));
        view.prune().browseExternalButton().setOnAction(e -> chooseFolderOrFile("Pruned checkpoint")
                .ifPresent(p -> vm.prune().externalProperty().set(p.toString())));
        stage.titleProperty().bind(vm.titleProperty());
        stage.setScene(scene);
    }

    private MenuBar menuBar() {
        MenuItem openFile = item("Open file\u2026", "Shortcut+O", () -> chooseFile("Open checkpoint").ifPresent(vm::open));
        openFile.setId("menu-open-file");
        MenuItem openFolder = item("Open folder\u2026", "Shortcut+Shift+O",
                () -> chooseFolder("Open model folder").ifPresent(vm::open));
        MenuItem sample = item("Open bundled sample", "Shortcut+Shift+S", vm::openBundledSample);
        sample.setDisable(!vm.hasBundledSample());
        MenuItem export = item("Export\u2026", "Shortcut+E", this::showExport);
        export.setId("menu-export");
        export.disableProperty().bind(vm.canExportProperty().not());
        MenuItem quit = item("Quit", "Shortcut+Q", stage::close);
        rebuildRecent();
        vm.recent().getPaths().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        Menu file = new Menu("File", null, openFile, openFolder, recentMenu, sample, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), quit);

        MenuItem run = item("Run analysis", "Shortcut+R", () -> {
            if (vm.canAnalyzeProperty().get() && !vm.busyProperty().get()) {
                vm.analyze();
            }
        });
        MenuItem cancel = item("Cancel job", "Shortcut+PERIOD", vm::cancel);
        MenuItem focusSlider = item("Focus rank slider", "Shortcut+L", () -> view.rank().slider().requestFocus());
        MenuItem focusFilter = item("Filter layers", "Shortcut+F", () -> view.layers().lookup("#layer-filter").requestFocus());
        MenuItem clearOverrides = item("Clear rank overrides", null, () -> vm.rank().clearOverrides());
        Menu analysis = new Menu("Analysis", null, run, cancel, new SeparatorMenuItem(), focusSlider, focusFilter,
                clearOverrides);

        MenuItem viewer = item("Episode viewer", "Shortcut+Shift+V", () -> {
            if (canShowEpisodes().get()) {
                showEpisodes();
            }
        });
        viewer.setId("menu-episode-viewer");
        viewer.disableProperty().bind(canShowEpisodes().not());
        Menu sampleMenu = new Menu("Sample", null, viewer);
        sampleMenu.setId("menu-sample");

        MenuItem keys = item("Keyboard shortcuts", "F1", this::showKeys);
        Menu help = new Menu("Help", null, keys);
        MenuBar bar = new MenuBar(file, analysis, sampleMenu, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recent().getPaths()) {
            recentMenu.getItems().add(item(p.toString(), null, () -> vm.open(p)));
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** File > Export: the dialog over the export view-model. */
    public ExportDialog showExport() {
        ExportDialog d = new ExportDialog(stage, vm.export());
        d.show();
        return d;
    }

    /** The episode viewer needs the bundled sample, analysed. */
    private BooleanBinding canShowEpisodes() {
        if (canShowEpisodes == null) {
            canShowEpisodes = Bindings.createBooleanBinding(() -> episodeService != null && vm.analysisProperty().get() != null
                    && vm.analysisProperty().get().model().sample(), vm.analysisProperty());
        }
        return canShowEpisodes;
    }

    /** Sample > Episode viewer: opens (or brings to front) the viewer window. */
    EpisodeWindow showEpisodes() {
        if (episodes == null) {
            episodes = new EpisodeWindow(stage, vm, episodeService);
        }
        episodes.show();
        return episodes;
    }

    /** Opens the viewer when the sample is analysed; false otherwise. */
    boolean showEpisodesIfPossible() {
        if (!canShowEpisodes().get()) {
            return false;
        }
        showEpisodes();
        return true;
    }

    /** The viewer window, once opened; null before. */
    EpisodeWindow episodeWindow() {
        return episodes;
    }

    private void showKeys() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.setContentText(String.join("\n",
                "Ctrl+O  open a checkpoint file;  Ctrl+Shift+O  open a model folder",
                "Ctrl+Shift+S  open the bundled sample;  Ctrl+E  export;  Ctrl+Q  quit",
                "Ctrl+R  run the analysis;  Ctrl+.  cancel the running job",
                "Ctrl+Shift+V  the episode viewer (bundled sample, analysed)",
                "Ctrl+L  focus the rank slider;  Ctrl+F  filter the layer table",
                "On the slider: Left/Right one step, Page Up/Down a sixteenth, Home/End the ends",
                "In the table: type a rank into the Rank cell (Enter) to fix it; empty gives it back"));
        a.show();
    }

    private java.util.Optional<Path> chooseFile(String title) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Checkpoints", "*.safetensors", "*.onnx"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = c.showOpenDialog(stage);
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private java.util.Optional<Path> chooseFolder(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        File f = c.showDialog(stage);
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private java.util.Optional<Path> chooseFolderOrFile(String title) {
        // A pruned checkpoint is usually a folder; the file picker is one click away in the field.
        return chooseFolder(title);
    }

    public MainView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
