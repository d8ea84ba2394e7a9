package dev.gluestick.views.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.main.MainViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeViewModelTest {

    @TempDir
    Path dir;

    @Test
    void loadsAnEpisodeStepsThroughItAndMovesToTheNext() throws Exception {
        Fixtures f = new Fixtures(dir, true);
        f.main.openBundledSample();
        f.main.analyze();
        MainViewModel m = f.main;
        var evaluator = f.service.taskEvaluator(m.analysisProperty().get()).orElseThrow();
        EpisodeViewModel vm = new EpisodeViewModel(evaluator, f.executor, () -> m.rank().allocationProperty().get());
        vm.load();

        assertThat(vm.replayProperty().get().runs()).hasSize(3);
        assertThat(vm.stepsProperty().get()).isEqualTo(14); // the longest run has 15 points
        assertThat(vm.stepProperty().get()).isEqualTo(14); // shown whole at first
        assertThat(vm.summaryProperty().get()).startsWith("\u201cgo to the red marker\u201d: dense success in 4 steps");
        vm.stepProperty().set(13);
        assertThat(vm.advance()).isTrue();
        assertThat(vm.advance()).isFalse();

        vm.next();
        assertThat(vm.replayProperty().get().index()).isEqualTo(1);
        vm.previous();
        vm.previous();
        assertThat(vm.episodeProperty().get()).isZero();
        assertThat(f.failures).isEmpty();
    }
}
