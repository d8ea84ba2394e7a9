package dev.gluestick.views.export;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.views.jobs.Job;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * File > Export: output folder, what to write, progress, and the summary of written files. The
 * Export button starts the job and keeps the dialog open so the summary can be read.
 */
public final class ExportDialog extends Dialog<Void> {

    public static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.APPLY);

    public ExportDialog(Window owner, ExportViewModel vm) {
        initOwner(owner);
        setTitle("Export");
        setHeaderText("Write the pruned base and its correction");
        setResizable(true);
        vm.prepare();

        TextField folder = new TextField();
        folder.setId("export-folder");
        folder.setPrefColumnCount(40);
        folder.textProperty().bindBidirectional(vm.outDirProperty());
        Button browse = new Button("Choose\u2026");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Export to folder");
            File f = chooser.showDialog(getDialogPane().getScene().getWindow());
            if (f != null) {
                folder.setText(f.getPath());
            }
        });
        HBox folderRow = new HBox(4, folder, browse);
        HBox.setHgrow(folder, Priority.ALWAYS);

        CheckBox adapter = new CheckBox("PEFT LoRA adapter (adapter/)");
        adapter.setId("export-adapter");
        adapter.selectedProperty().bindBidirectional(vm.adapterProperty());
        CheckBox merged = new CheckBox("Merged dense weights Wp + AB (merged/)");
        merged.setId("export-merged");
        merged.selectedProperty().bindBidirectional(vm.mergedProperty());
        ChoiceBox<DType> dtype = new ChoiceBox<>(FXCollections.observableArrayList(ExportViewModel.FACTOR_DTYPES));
        dtype.setId("export-dtype");
        dtype.valueProperty().bindBidirectional(vm.factorDTypeProperty());

        Label problem = new Label();
        problem.setId("export-problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.setPrefWidth(600);
        problem.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        ProgressBar progress = new ProgressBar(0);
        progress.setId("export-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        vm.jobProperty().addListener((o, a, j) -> {
            progress.progressProperty().unbind();
            if (j != null) {
                progress.progressProperty().bind(Bindings.when(j.stateProperty().isEqualTo(Job.State.SUCCEEDED))
                        .then(1.0).otherwise(j.progressProperty()));
            }
        });

        TextArea summary = new TextArea();
        summary.setId("export-summary");
        summary.setEditable(false);
        summary.setPrefRowCount(8);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setPromptText("The files written and their sizes appear here.");
        progress.visibleProperty().bind(vm.jobProperty().isNotNull());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Output folder"), folderRow);
        grid.addRow(1, new Label("Write"), new HBox(12, new Label("model/ (pruned base)"), adapter, merged));
        grid.addRow(2, new Label("Factor dtype"), dtype);
        grid.add(problem, 1, 3);
        grid.add(progress, 1, 4);
        grid.add(summary, 0, 5, 2, 1);
        GridPane.setHgrow(folderRow, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(labels);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(EXPORT, ButtonType.CLOSE);
        Button export = (Button) getDialogPane().lookupButton(EXPORT);
        export.setId("export-run");
        export.disableProperty().bind(vm.problemProperty().isNotEmpty().or(vm.runningProperty()));
        export.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            vm.export();
        });
        setOnCloseRequest(e -> {
            vm.cancel();
            vm.validate();
        });
    }
}
