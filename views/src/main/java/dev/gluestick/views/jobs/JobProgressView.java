package dev.gluestick.views.jobs;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;

/** A progress bar, the job's message and a Cancel button, bound to the executor's current job. */
public final class JobProgressView extends HBox {

    private final ProgressBar bar = new ProgressBar(0);
    private final Label message = new Label();
    private final Button cancel = new Button("Cancel");

    public JobProgressView(JobExecutor executor, String idPrefix) {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        bar.setId(idPrefix + "-progress");
        bar.setPrefWidth(160);
        message.setId(idPrefix + "-job");
        message.setMaxWidth(420);
        cancel.setId(idPrefix + "-cancel");
        getChildren().addAll(bar, message, cancel);
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
