package dev.gluestick.views.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.main.MainViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTableViewModelTest {

    @TempDir
    Path dir;

    @Test
    void openingShowsOneBlankRowPerLayerAtOnce() {
        Fixtures f = new Fixtures(dir, false);
        f.main.open(f.modelPath);
        var rows = f.main.layers().getRows();
        assertThat(rows).hasSize(6);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.getAnalysis()).isNull();
            assertThat(r.sparsityProperty().get()).isNaN();
            assertThat(r.getRecovery()).isEqualTo(Recovery.NOT_ANALYSED);
        });
    }

    @Test
    void rowsFillInAndFollowTheSlider() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        LayerRow row = m.layers().getRows().get(0);
        assertThat(row.sparsityProperty().get()).isEqualTo(0.5);
        assertThat(row.gapRatioProperty().get()).isBetween(0.3, 0.9);
        m.rank().valueProperty().set(0);
        assertThat(row.getRank()).isZero();
        assertThat(row.energyProperty().get()).isZero();
        assertThat(row.getRecovery()).isEqualTo(Recovery.LOW);
        m.rank().valueProperty().set(16);
        assertThat(row.getRank()).isEqualTo(16);
        assertThat(row.energyProperty().get()).isEqualTo(1.0);
        assertThat(row.getRecovery()).isEqualTo(Recovery.FULL);
        assertThat(row.bytesProperty().get()).isGreaterThan(0);
    }

    @Test
    void flagsLayersPastTheirBreakEvenRank() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        LayerRow row = m.layers().getRows().get(0);
        int be = row.breakEvenProperty().get();
        assertThat(be).isGreaterThanOrEqualTo(0);
        m.rank().valueProperty().set(be);
        assertThat(row.isPastBreakEven()).isFalse();
        m.rank().valueProperty().set(be + 1);
        assertThat(row.isPastBreakEven()).isTrue();
        assertThat(m.layers().summaryProperty().get()).contains("past break-even");
    }

    @Test
    void editingARankCellOverridesAndEmptyGivesItBack() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        m.rank().valueProperty().set(2);
        LayerRow row = m.layers().getRows().get(3);
        m.layers().editRank(row, "12");
        assertThat(row.getRank()).isEqualTo(12);
        assertThat(row.overriddenProperty().get()).isTrue();
        m.rank().valueProperty().set(4);
        assertThat(row.getRank()).isEqualTo(12);
        m.layers().editRank(row, " ");
        assertThat(row.getRank()).isEqualTo(4);
        assertThat(row.overriddenProperty().get()).isFalse();
    }

    @Test
    void refusesARankThatIsNotANumberOrOutOfRange() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        LayerRow row = m.layers().getRows().get(0);
        m.layers().editRank(row, "lots");
        assertThat(m.layers().editErrorProperty().get()).contains("whole number");
        m.layers().editRank(row, "17");
        assertThat(m.layers().editErrorProperty().get()).contains("between 0 and 16");
        assertThat(m.rank().getOverrides()).isEmpty();
        m.layers().editRank(row, "3");
        assertThat(m.layers().editErrorProperty().get()).isEmpty();
    }

    @Test
    void filterMatchesSubstringsAndGlobs() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        m.layers().filterProperty().set("up_proj");
        assertThat(m.layers().getFilteredRows()).hasSize(3).allMatch(r -> r.name().endsWith("up_proj"));
        m.layers().filterProperty().set("model.layers.1.*");
        assertThat(m.layers().getFilteredRows()).hasSize(2);
        m.layers().filterProperty().set("layers.2 Q_PROJ");
        assertThat(m.layers().getFilteredRows()).extracting(LayerRow::name).containsExactly("model.layers.2.self_attn.q_proj");
        m.layers().filterProperty().set("");
        assertThat(m.layers().getFilteredRows()).hasSize(6);
        assertThat(m.layers().summaryProperty().get()).startsWith("6 of 6 layers");
    }

    @Test
    void recoveryBandsFollowCapturedEnergy() {
        assertThat(Recovery.of(Double.NaN)).isEqualTo(Recovery.NOT_ANALYSED);
        assertThat(Recovery.of(0.1)).isEqualTo(Recovery.LOW);
        assertThat(Recovery.of(0.5)).isEqualTo(Recovery.PARTIAL);
        assertThat(Recovery.of(0.8)).isEqualTo(Recovery.GOOD);
        assertThat(Recovery.of(0.995)).isEqualTo(Recovery.FULL);
    }
}
