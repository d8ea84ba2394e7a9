package dev.gluestick.views.main;

import dev.gluestick.views.jobs.JobProgressView;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/** What is loaded, the running job, and the JVM's memory (refreshed every two seconds). */
public final class StatusBarView extends HBox {

    public StatusBarView(MainViewModel vm) {
        super(12);
        getStyleClass().add("status-bar");
        setPadding(new Insets(3, 8, 3, 8));
        setAlignment(Pos.CENTER_LEFT);
        Label loaded = new Label();
        loaded.setId("status-loaded");
        loaded.textProperty().bind(vm.loadedTextProperty());
        loaded.setMinWidth(200);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Label memory = new Label();
        memory.setId("status-memory");
        memory.textProperty().bind(vm.memoryTextProperty());
        memory.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(loaded, spring, new JobProgressView(vm.executor(), "status", false), memory);
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(2), e -> vm.refreshMemory()));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
    }
}
