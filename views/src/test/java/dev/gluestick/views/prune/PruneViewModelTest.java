package dev.gluestick.views.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.PruneSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneViewModelTest {

    private final PruneViewModel vm = new PruneViewModel();

    @Test
    void defaultsToMagnitude24AtRank256() {
        AnalysisRequest r = vm.request();
        assertThat(r.prune()).isEqualTo(new PruneSpec.BuiltIn(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)), Optional.empty()));
        assertThat(r.maxRank()).isEqualTo(256);
        assertThat(r.include()).isEmpty();
    }

    @Test
    void unstructuredUsesTheSparsity() {
        vm.methodProperty().set(PruneChoice.MAGNITUDE);
        vm.sparsityProperty().set(0.7);
        assertThat(((PruneSpec.BuiltIn) vm.request().prune()).method()).isEqualTo(new PruneMethod.Magnitude(0.7));
        assertThat(vm.sparsityUsedProperty().get()).isTrue();
        assertThat(vm.patternUsedProperty().get()).isFalse();
    }

    @Test
    void wandaNeedsACalibrationFile() {
        vm.methodProperty().set(PruneChoice.WANDA_NM);
        assertThat(vm.problemProperty().get()).contains("calibration file");
        assertThatThrownBy(vm::request).isInstanceOf(IllegalStateException.class);
        vm.calibrationProperty().set("/data/norms.safetensors");
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.request().prune()).isEqualTo(new PruneSpec.BuiltIn(
                new PruneMethod.WandaNM(new NMPattern(2, 4)), Optional.of(Path.of("/data/norms.safetensors"))));
    }

    @Test
    void rejectsMalformedPatterns() {
        vm.patternProperty().set("2-4");
        assertThat(vm.problemProperty().get()).contains("N:M");
        vm.patternProperty().set("4:4");
        assertThat(vm.problemProperty().get()).contains("1 <= N < M");
        vm.patternProperty().set("0:4");
        assertThat(vm.problemProperty().get()).contains("1 <= N < M");
        vm.patternProperty().set(" 4 : 8 ");
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void externalNeedsAPathAndLayerPatternsSplitOnCommasAndSpaces() {
        vm.methodProperty().set(PruneChoice.EXTERNAL);
        assertThat(vm.problemProperty().get()).contains("pruned checkpoint");
        vm.externalProperty().set("/m/pruned");
        vm.includeProperty().set("*.mlp.*, *.self_attn.*");
        vm.excludeProperty().set("lm_head  *.0.*");
        AnalysisRequest r = vm.request();
        assertThat(r.prune()).isEqualTo(new PruneSpec.External(Path.of("/m/pruned")));
        assertThat(r.include()).containsExactly("*.mlp.*", "*.self_attn.*");
        assertThat(r.exclude()).containsExactly("lm_head", "*.0.*");
    }

    @Test
    void rejectsAMaxRankBelowOne() {
        vm.maxRankProperty().set(0);
        assertThat(vm.problemProperty().get()).contains("R_max");
    }
}
