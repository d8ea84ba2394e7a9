package dev.gluestick.views.rank;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.StorageForm;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The rank slider with its mode, storage form and factor dtype, and the live model totals. Keys
 * on the slider go to the view-model's step commands: arrows one step, Page Up/Down a sixteenth
 * of the range, Home/End the ends.
 */
public final class RankView extends VBox {

    private final Slider slider = new Slider();

    public RankView(RankViewModel vm) {
        getStyleClass().add("rank-view");
        setSpacing(6);
        setPadding(new Insets(8, 10, 8, 10));

        ChoiceBox<RankMode> mode = new ChoiceBox<>(FXCollections.observableArrayList(RankMode.values()));
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setId("rank-mode");

        slider.setId("rank-slider");
        slider.minProperty().bind(vm.minProperty());
        slider.maxProperty().bind(vm.maxProperty());
        slider.blockIncrementProperty().bind(vm.stepProperty());
        slider.valueProperty().bindBidirectional(vm.valueProperty());
        slider.disableProperty().bind(vm.availableProperty().not());
        slider.setShowTickMarks(true);
        slider.setMajorTickUnit(32);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        slider.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case LEFT, DOWN, KP_LEFT, KP_DOWN -> vm.step(-1);
                case RIGHT, UP, KP_RIGHT, KP_UP -> vm.step(+1);
                case PAGE_DOWN -> vm.page(-1);
                case PAGE_UP -> vm.page(+1);
                case HOME -> vm.toMin();
                case END -> vm.toMax();
                default -> {
                    return;
                }
            }
            e.consume();
        });
        vm.maxProperty().addListener((o, a, b) -> slider.setMajorTickUnit(Math.max(1e-9, (b.doubleValue() - vm.minProperty().get()) / 8)));

        Label value = new Label();
        value.setId("rank-value");
        value.getStyleClass().add("rank-value");
        value.textProperty().bind(vm.valueTextProperty());
        value.setMinWidth(150);

        Label title = new Label("Rank");
        title.getStyleClass().add("section-title");
        HBox sliderRow = new HBox(10, title, mode, slider, value);
        sliderRow.setAlignment(Pos.CENTER_LEFT);

        ChoiceBox<StorageForm> form = new ChoiceBox<>(FXCollections.observableArrayList(StorageForm.values()));
        form.setConverter(new StringConverter<>() {
            @Override
            public String toString(StorageForm f) {
                return f == null ? "" : f.label();
            }

            @Override
            public StorageForm fromString(String s) {
                return null;
            }
        });
        form.valueProperty().bindBidirectional(vm.storageFormProperty());
        form.setId("storage-form");
        ChoiceBox<DType> factor = new ChoiceBox<>(FXCollections.observableArrayList(List.of(DType.BF16, DType.F16, DType.F32)));
        factor.valueProperty().bindBidirectional(vm.factorDTypeProperty());
        factor.setId("factor-dtype");

        Label memory = totalsLabel("totals-memory", vm.memoryTextProperty());
        Label error = totalsLabel("totals-error", vm.errorTextProperty());
        Label energy = totalsLabel("totals-energy", vm.energyTextProperty());
        Label breakEven = totalsLabel("totals-break-even", vm.breakEvenTextProperty());
        HBox options = new HBox(8, new Label("Base stored as"), form, new Label("factors in"), factor);
        options.setAlignment(Pos.CENTER_LEFT);
        FlowPane totals = new FlowPane(18, 4, memory, error, energy, breakEven);
        totals.getStyleClass().add("totals");
        getChildren().addAll(sliderRow, options, totals);
    }

    private static Label totalsLabel(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("totals-label");
        l.textProperty().bind(text);
        return l;
    }

    public Slider slider() {
        return slider;
    }
}
