package dev.gluestick.views.prune;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The prune panel's form. File pickers and the Run / Cancel actions are supplied by the window
 * (they need a Stage and the main view-model); this view only lays the form out and binds it.
 */
public final class PruneView extends VBox {

    private final Button run = new Button("Run analysis");
    private final Button browseCalibration = new Button("\u2026");
    private final Button browseExternal = new Button("\u2026");

    public PruneView(PruneViewModel vm) {
        getStyleClass().add("prune-view");
        setSpacing(8);
        setPadding(new Insets(8));

        Label title = new Label("Prune");
        title.getStyleClass().add("section-title");

        ChoiceBox<PruneChoice> method = new ChoiceBox<>(FXCollections.observableArrayList(PruneChoice.values()));
        method.setId("prune-method");
        method.valueProperty().bindBidirectional(vm.methodProperty());
        method.setMaxWidth(Double.MAX_VALUE);

        Spinner<Double> sparsity = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 0.99, 0.5, 0.05));
        sparsity.setId("prune-sparsity");
        sparsity.setEditable(true);
        sparsity.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.sparsityProperty().set(b);
            }
        });
        sparsity.getValueFactory().setValue(vm.sparsityProperty().get());

        TextField pattern = new TextField();
        pattern.setId("prune-pattern");
        pattern.textProperty().bindBidirectional(vm.patternProperty());
        pattern.setPrefColumnCount(5);

        TextField calibration = new TextField();
        calibration.setId("prune-calibration");
        calibration.setPromptText("norms .safetensors");
        calibration.textProperty().bindBidirectional(vm.calibrationProperty());
        TextField external = new TextField();
        external.setId("prune-external");
        external.setPromptText("pruned checkpoint");
        external.textProperty().bindBidirectional(vm.externalProperty());

        TextField include = new TextField();
        include.setId("prune-include");
        include.setPromptText("all linear layers");
        include.textProperty().bindBidirectional(vm.includeProperty());
        TextField exclude = new TextField();
        exclude.setId("prune-exclude");
        exclude.setPromptText("e.g. *lm_head*, *.0.*");
        exclude.textProperty().bindBidirectional(vm.excludeProperty());

        Spinner<Integer> maxRank = new Spinner<>(1, 4096, vm.maxRankProperty().get(), 32);
        maxRank.setId("prune-max-rank");
        maxRank.setEditable(true);
        maxRank.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.maxRankProperty().set(b);
            }
        });

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        int row = 0;
        form.addRow(row++, new Label("Method"), method);
        form.addRow(row++, enabled(new Label("Sparsity"), vm.sparsityUsedProperty()), enabled(sparsity, vm.sparsityUsedProperty()));
        form.addRow(row++, enabled(new Label("Pattern N:M"), vm.patternUsedProperty()), enabled(pattern, vm.patternUsedProperty()));
        form.addRow(row++, enabled(new Label("Calibration"), vm.calibrationUsedProperty()),
                withButton(enabled(calibration, vm.calibrationUsedProperty()), enabled(browseCalibration, vm.calibrationUsedProperty())));
        form.addRow(row++, enabled(new Label("Pruned model"), vm.externalUsedProperty()),
                withButton(enabled(external, vm.externalUsedProperty()), enabled(browseExternal, vm.externalUsedProperty())));
        form.addRow(row++, new Label("Include"), include);
        form.addRow(row++, new Label("Exclude"), exclude);
        form.addRow(row++, new Label("R_max"), maxRank);
        GridPane.setHgrow(method, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        form.getColumnConstraints().add(labels);

        Label problem = new Label();
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());

        run.setId("prune-run");
        run.setDefaultButton(false);
        run.setMaxWidth(Double.MAX_VALUE);

        getChildren().addAll(title, form, problem, run);
    }

    private static <T extends Node> T enabled(T node, ObservableBooleanValue when) {
        node.disableProperty().bind(Bindings.not(when));
        return node;
    }

    private static HBox withButton(TextField field, Button b) {
        HBox h = new HBox(4, field, b);
        HBox.setHgrow(field, Priority.ALWAYS);
        return h;
    }

    public Button runButton() {
        return run;
    }

    public Button browseCalibrationButton() {
        return browseCalibration;
    }

    public Button browseExternalButton() {
        return browseExternal;
    }
}
