package dev.gluestick.views.detail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.layers.LayerRow;
import dev.gluestick.views.main.MainViewModel;
import dev.gluestick.model.recover.WeightBlock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetailViewModelTest {

    @TempDir
    Path dir;

    @Test
    void showsBothSpectraAndFollowsTheRank() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        DetailViewModel d = m.detail();
        LayerRow row = m.layers().getRows().get(1);
        m.layers().selectedProperty().set(row);

        assertThat(d.titleProperty().get()).startsWith("model.layers.0.mlp.up_proj  32x24 BF16");
        assertThat(d.gapProperty().get().maxRank()).isEqualTo(24);
        assertThat(d.weightProperty().get().maxRank()).isEqualTo(24);
        assertThat(d.infoProperty().get()).contains("sparsity 50.0 %").contains("pattern 2:4").contains("break-even rank");
        m.rank().valueProperty().set(7);
        assertThat(d.rankProperty().get()).isEqualTo(7);
        assertThat(d.rankTextProperty().get()).startsWith("rank 7: E(r) ");
    }

    @Test
    void maskBlockShowsTheTwoOfFourPatternAndZooms() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        DetailViewModel d = m.detail();
        m.layers().selectedProperty().set(m.layers().getRows().get(0));
        WeightBlock b = d.blockProperty().get();
        assertThat(b.height()).isEqualTo(16);
        assertThat(b.width()).isEqualTo(24);
        for (int r = 0; r < b.height(); r++) {
            for (int g = 0; g < b.width(); g += 4) {
                int kept = 0;
                for (int c = g; c < g + 4; c++) {
                    kept += b.isKept(r, c) ? 1 : 0;
                }
                assertThat(kept).isEqualTo(2);
            }
        }
        d.zoomIn();
        assertThat(d.blockSizeProperty().get()).isEqualTo(16);
        d.zoomIn();
        d.move(1, 1);
        assertThat(d.blockProperty().get().row0()).isEqualTo(8);
        assertThat(d.blockProperty().get().col0()).isEqualTo(8);
        assertThat(d.blockTextProperty().get()).isEqualTo("rows 8-15, columns 8-15 of 16x24");
        d.move(5, 5);
        assertThat(d.blockProperty().get().row0()).isEqualTo(8); // clipped at the edge
        assertThat(d.blockProperty().get().col0()).isEqualTo(16);
    }

    @Test
    void clearsWhenNothingIsSelected() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        m.layers().selectedProperty().set(null);
        assertThat(m.detail().titleProperty().get()).isEqualTo("Select a layer");
        assertThat(m.detail().gapProperty().get()).isNull();
    }
}
