package dev.gluestick.model.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.PrunedCheckpointMatcher.WarningKind;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrunedCheckpointMatcherTest {

    private static final String DENSE = "dense/model.safetensors";
    private static final String PRUNED = "pruned/model.safetensors";
    private static final LinearLayer Q = new LinearLayer(
            "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj", 8, 16, DType.BF16, OptionalInt.of(0), "q_proj");
    private static final TensorInfo Q_INFO = new TensorInfo(Q.tensorName(), DType.BF16, new long[] {8, 16});
    private static final TensorInfo EMBED = new TensorInfo("model.embed_tokens.weight", DType.BF16, new long[] {100, 16});

    @Test
    void pairsEveryLayerWithTheSameNamedTensor() {
        var pairing = PrunedCheckpointMatcher.pair(DENSE, List.of(EMBED, Q_INFO), List.of(Q), PRUNED, List.of(Q_INFO));
        assertThat(pairing.pairs()).containsExactly(new PrunedCheckpointMatcher.LayerPair(Q, Q_INFO));
        assertThat(pairing.warnings()).isEmpty();
    }

    @Test
    void warnsWhenOnlyTheDtypeDiffers() {
        TensorInfo f16 = new TensorInfo(Q.tensorName(), DType.F16, new long[] {8, 16});
        var pairing = PrunedCheckpointMatcher.pair(DENSE, List.of(Q_INFO), List.of(Q), PRUNED, List.of(f16));
        assertThat(pairing.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(WarningKind.DTYPE_DIFFERS);
            assertThat(w.tensor()).isEqualTo(Q.tensorName());
            assertThat(w.message()).contains("F16").contains("BF16");
        });
    }

    @Test
    void rejectsALayerMissingFromThePrunedCheckpoint() {
        assertThatThrownBy(() -> PrunedCheckpointMatcher.pair(DENSE, List.of(EMBED, Q_INFO), List.of(Q), PRUNED, List.of(EMBED)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(Q.tensorName())
                .hasMessageContaining(PRUNED);
    }

    @Test
    void rejectsATensorOfThePrunedCheckpointThatTheDenseOneLacks() {
        TensorInfo extra = new TensorInfo("vision.blocks.0.fc1.weight", DType.BF16, new long[] {8, 8});
        assertThatThrownBy(() -> PrunedCheckpointMatcher.pair(DENSE, List.of(Q_INFO), List.of(Q), PRUNED, List.of(Q_INFO, extra)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("vision.blocks.0.fc1.weight")
                .hasMessageContaining(DENSE);
    }

    @Test
    void rejectsALayerWhoseShapeDiffers() {
        TensorInfo transposed = new TensorInfo(Q.tensorName(), DType.BF16, new long[] {16, 8});
        // The dense checkpoint's own info is consistent; the layer says 8x16, the pruned file 16x8.
        assertThatThrownBy(() -> PrunedCheckpointMatcher.checkPair(Q, transposed, DENSE, PRUNED))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(Q.tensorName())
                .hasMessageContaining("16x8")
                .hasMessageContaining("8x16");
    }

    @Test
    void rejectsAnyCommonTensorWhoseShapeDiffers() {
        TensorInfo otherEmbed = new TensorInfo("model.embed_tokens.weight", DType.BF16, new long[] {101, 16});
        assertThatThrownBy(() -> PrunedCheckpointMatcher.pair(DENSE, List.of(EMBED, Q_INFO), List.of(Q), PRUNED, List.of(otherEmbed, Q_INFO)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("model.embed_tokens.weight")
                .hasMessageContaining("101x16");
    }

    @Test
    void rejectsATensorPairedWithADifferentlyNamedLayer() {
        TensorInfo k = new TensorInfo("model.layers.0.self_attn.k_proj.weight", DType.BF16, new long[] {8, 16});
        assertThatThrownBy(() -> PrunedCheckpointMatcher.checkPair(Q, k, DENSE, PRUNED))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("k_proj")
                .hasMessageContaining("q_proj");
    }

    @Test
    void warnsWhenThePrunedTensorHasNoFewerNonzerosThanTheDense() {
        SparsityPattern dense = new SparsityPattern(128, 3, Optional.empty());
        var same = PrunedCheckpointMatcher.compare(Q, dense, new SparsityPattern(128, 3, Optional.empty()));
        assertThat(same.warning()).hasValueSatisfying(w -> {
            assertThat(w.kind()).isEqualTo(WarningKind.NOT_PRUNED);
            assertThat(w.message()).contains(Q.tensorName()).contains("125");
        });
        var pruned = PrunedCheckpointMatcher.compare(Q, dense, new SparsityPattern(128, 64, Optional.of(new NMPattern(2, 4))));
        assertThat(pruned.warning()).isEmpty();
        assertThat(pruned.pruned().nmLabel()).isEqualTo("2:4");
    }
}
