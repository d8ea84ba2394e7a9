package dev.gluestick.views.layers;

import dev.gluestick.views.format.Format;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The layer table: sortable columns, a filter field (substring or glob), rows coloured by how much
 * of the gap the current rank captures, break-even flags, and an editable rank cell (a number
 * fixes the layer's rank, empty gives it back to the slider).
 */
public final class LayerTableView extends VBox {

    private final TableView<LayerRow> table = new TableView<>();

    public LayerTableView(LayerTableViewModel vm) {
        getStyleClass().add("layer-table");
        setSpacing(4);
        setPadding(new Insets(4, 6, 4, 6));

        TextField filter = new TextField();
        filter.setId("layer-filter");
        filter.setPromptText("Filter layers: mlp, *.q_proj, layers.3 ...");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("layer-summary");
        summary.textProperty().bind(vm.summaryProperty());
        Label editError = new Label();
        editError.getStyleClass().add("problem");
        editError.textProperty().bind(vm.editErrorProperty());
        HBox top = new HBox(10, filter, summary);
        top.setAlignment(Pos.CENTER_LEFT);

        table.setId("layer-table");
        table.setEditable(true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<LayerRow, String> name = text("Layer", 250, r -> new SimpleStringProperty(r.name()));
        // Long module paths differ at the end (block, projection): elide the common start instead.
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(text("Shape", 78, r -> new SimpleStringProperty(r.layer().shapeString())));
        table.getColumns().add(text("DType", 52, r -> new SimpleStringProperty(r.layer().dtype().safetensorsName())));
        table.getColumns().add(number("Sparsity", 64, LayerRow::sparsityProperty, Format::percent));
        table.getColumns().add(number("||W||", 58, LayerRow::weightNormProperty, Format::norm));
        table.getColumns().add(number("||G||/||W||", 80, LayerRow::gapRatioProperty, Format::ratio));
        table.getColumns().add(number("||AB||", 58, LayerRow::correctionNormProperty, Format::norm));
        table.getColumns().add(number("E(r)", 60, LayerRow::energyProperty, Format::percent));
        table.getColumns().add(rankColumn(vm));
        TableColumn<LayerRow, Number> bytes = new TableColumn<>("Bytes");
        bytes.setPrefWidth(86);
        bytes.setMinWidth(86);
        bytes.setCellValueFactory(c -> c.getValue().bytesProperty());
        bytes.setCellFactory(c -> formatted(v -> v.longValue() < 0 ? "" : Format.bytes(v.longValue())));
        table.getColumns().add(bytes);
        TableColumn<LayerRow, Number> breakEven = new TableColumn<>("Break-even");
        breakEven.setPrefWidth(84);
        breakEven.setMinWidth(84);
        breakEven.setCellValueFactory(c -> c.getValue().breakEvenProperty());
        breakEven.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (empty || row == null || row.getAnalysis() == null) {
                    setText(null);
                    return;
                }
                int be = v.intValue();
                String base = be < 0 ? "none" : Integer.toString(be);
                setText(row.isPastBreakEven() ? "\u26a0 past " + base : base);
            }
        });
        table.getColumns().add(breakEven);

        SortedList<LayerRow> sorted = new SortedList<>(vm.getFilteredRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setRowFactory(t -> new TableRow<>() {
            private final javafx.beans.value.ChangeListener<Object> restyle = (o, a, b) -> style();

            @Override
            protected void updateItem(LayerRow item, boolean empty) {
                LayerRow old = getItem();
                if (old != null) {
                    old.recoveryProperty().removeListener(restyle);
                    old.pastBreakEvenProperty().removeListener(restyle);
                }
                super.updateItem(item, empty);
                if (item != null && !empty) {
                    item.recoveryProperty().addListener(restyle);
                    item.pastBreakEvenProperty().addListener(restyle);
                }
                style();
            }

            private void style() {
                getStyleClass().removeIf(s -> s.startsWith("recovery-") || s.equals("layer-pending") || s.equals("past-break-even"));
                LayerRow item = getItem();
                if (item != null && !isEmpty()) {
                    getStyleClass().add(item.getRecovery().styleClass());
                    if (item.isPastBreakEven()) {
                        getStyleClass().add("past-break-even");
                    }
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        table.setPlaceholder(new Label("Open a checkpoint (File > Open, or drop it here)"));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(top, table, editError);
    }

    private TableColumn<LayerRow, Number> rankColumn(LayerTableViewModel vm) {
        // Edited as text so that an empty cell can mean "follow the slider".
        TableColumn<LayerRow, Number> rank = new TableColumn<>("Rank");
        rank.setId("rank-column");
        rank.setPrefWidth(52);
        rank.setMinWidth(52);
        rank.setEditable(true);
        rank.setCellValueFactory(c -> c.getValue().rankProperty());
        rank.setCellFactory(c -> new TextFieldTableCell<LayerRow, Number>(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n == null || n.intValue() < 0 ? "" : n.toString();
            }

            @Override
            public Number fromString(String s) {
                // The commit handler reads the raw text; this value is never stored.
                return -1;
            }
        }) {
            @Override
            public void commitEdit(Number ignored) {
                LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
                javafx.scene.Node g = getGraphic();
                String text = g instanceof TextField tf ? tf.getText() : "";
                cancelEdit();
                if (row != null) {
                    vm.editRank(row, text);
                }
            }

            @Override
            public void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
                boolean fixed = !empty && row != null && row.overriddenProperty().get();
                getStyleClass().remove("rank-fixed");
                if (fixed) {
                    getStyleClass().add("rank-fixed");
                }
            }
        });
        return rank;
    }

    private static TableColumn<LayerRow, String> text(String title, double width,
            Function<LayerRow, ObservableValue<String>> value) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 150));
        c.setEditable(false);
        c.setCellValueFactory(cd -> value.apply(cd.getValue()));
        return c;
    }

    private static TableColumn<LayerRow, Number> number(String title, double width,
            Function<LayerRow, ObservableValue<Number>> value, java.util.function.DoubleFunction<String> fmt) {
        TableColumn<LayerRow, Number> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setEditable(false);
        c.setCellValueFactory(cd -> value.apply(cd.getValue()));
        c.setCellFactory(col -> formatted(v -> fmt.apply(v.doubleValue())));
        return c;
    }

    private static TableCell<LayerRow, Number> formatted(Function<Number, String> fmt) {
        TableCell<LayerRow, Number> cell = new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : fmt.apply(v));
            }
        };
        cell.setAlignment(Pos.CENTER_RIGHT);
        return cell;
    }

    public TableView<LayerRow> table() {
        return table;
    }
}
