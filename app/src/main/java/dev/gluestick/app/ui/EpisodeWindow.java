package dev.gluestick.app.ui;

import dev.gluestick.views.episode.EpisodeView;
import dev.gluestick.views.episode.EpisodeViewModel;
import dev.gluestick.views.main.MainView;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.views.service.WorkbenchService;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Sample > Episode viewer: a window of its own beside the workbench (the world wants room), made
 * on first use. It follows the main window's analysis and rank while it is showing and computes
 * nothing while it is closed.
 */
final class EpisodeWindow {

    private final Stage stage = new Stage();
    private final EpisodeViewModel vm;
    private final EpisodeView view;

    EpisodeWindow(Stage owner, MainViewModel main, WorkbenchService service) {
        vm = new EpisodeViewModel(service, main.executor(), main.analysisProperty(), main.rank().allocationProperty());
        view = new EpisodeView(vm);
        Scene scene = new Scene(view, 1280, 900);
        scene.getStylesheets().add(MainView.STYLESHEET);
        stage.initOwner(owner);
        stage.setTitle("Episode viewer \u2014 dense, pruned and recovered policies");
        stage.setScene(scene);
        stage.setOnShown(e -> vm.setActive(true));
        stage.setOnHidden(e -> {
            view.stop();
            vm.setActive(false);
        });
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    Stage stage() {
        return stage;
    }

    EpisodeViewModel viewModel() {
        return vm;
    }

    EpisodeView view() {
        return view;
    }
}
