package dev.gluestick.views.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.main.MainViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCurveViewModelTest {

    @TempDir
    Path dir;

    @Test
    void ladderCoversZeroPowersOfTwoAndTheMax() {
        assertThat(TaskCurveViewModel.ladder(256)).containsExactly(0, 4, 8, 16, 32, 64, 128, 256);
        assertThat(TaskCurveViewModel.ladder(24)).containsExactly(0, 4, 8, 16, 24);
        assertThat(TaskCurveViewModel.ladder(0)).containsExactly(0);
    }

    @Test
    void evaluatesEveryLadderRankOnceAndCachesIt() {
        Fixtures f = new Fixtures(dir, true);
        f.main.openBundledSample();
        f.main.analyze();
        TaskCurveViewModel t = f.main.task();
        assertThat(t.availableProperty().get()).isTrue();
        assertThat(t.denseProperty().get().successRate()).isEqualTo(1.0);
        assertThat(t.getPoints()).extracting(TaskPoint::rank).containsExactly(0, 4, 8, 16, 24);
        assertThat(t.getPoints().get(4).memoryPercent()).isGreaterThan(t.getPoints().get(0).memoryPercent());
        f.main.rank().valueProperty().set(8);
        assertThat(t.textProperty().get()).contains("at rank 8");
        assertThat(t.scoreAt(8)).isPresent();
        assertThat(t.scoreAt(9)).isEmpty();
    }

    @Test
    void modelsThatCannotRunHaveNoTaskCurve() {
        MainViewModel m = new Fixtures(dir, false).analysed().main;
        assertThat(m.task().availableProperty().get()).isFalse();
        assertThat(m.task().getPoints()).isEmpty();
    }
}
