package dev.gluestick.views.jobs;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A progress bar, the job's message and a Cancel button, bound to the executor's current job: in
 * one row (status bar) or stacked, message above bar and Cancel (a narrow side panel).
 */
public final class JobProgressView extends VBox {

    private final ProgressBar bar = new ProgressBar(0);
    private final Label message = new Label();
    private final Button cancel = new Button("Cancel");

    public JobProgressView(JobExecutor executor, String idPrefix, boolean stacked) {
        super(4);
        setAlignment(Pos.CENTER_LEFT);
        bar.setId(idPrefix + "-progress");
        message.setId(idPrefix + "-job");
        cancel.setId(idPrefix + "-cancel");
        if (stacked) {
            message.setWrapText(true);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            HBox row = new HBox(6, bar, cancel);
            row.setAlignment(Pos.CENTER_LEFT);
            getChildren().addAll(message, row);
        } else {
            bar.setPrefWidth(160);
            message.setMaxWidth(460);
            HBox row = new HBox(6, bar, message, cancel);
            row.setAlignment(Pos.CENTER_LEFT);
            getChildren().add(row);
        }
        ChangeListener<Job> follow = (o, a, b) -> show(b);
        executor.currentJob().addListener(follow);
        show(executor.currentJob().get());
    }

    private void show(Job job) {
        bar.progressProperty().unbind();
        message.textProperty().unbind();
        if (job == null) {
            bar.setProgress(0);
            bar.setVisible(false);
            cancel.setVisible(false);
            message.setText("");
            cancel.setOnAction(null);
            return;
        }
        bar.setVisible(true);
        cancel.setVisible(true);
        bar.progressProperty().bind(job.progressProperty());
        message.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> job.messageProperty().get().isEmpty() ? job.titleProperty().get()
                        : job.titleProperty().get() + ": " + job.messageProperty().get(),
                job.titleProperty(), job.messageProperty()));
        cancel.setOnAction(e -> job.cancel());
    }
}
