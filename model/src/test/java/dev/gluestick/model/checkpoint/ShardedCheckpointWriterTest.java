package dev.gluestick.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedCheckpointWriterTest {

    @TempDir
    Path dir;

    private static final List<TensorInfo> TENSORS = List.of(
            new TensorInfo("a.weight", DType.BF16, new long[] {4, 4}),
            new TensorInfo("b.weight", DType.BF16, new long[] {4, 4}),
            new TensorInfo("c.weight", DType.BF16, new long[] {8, 8}),
            new TensorInfo("d", DType.F32, new long[] {2}));

    @Test
    void plansShardsInOrderUnderTheSizeLimit() {
        Map<String, List<TensorInfo>> plan = ShardedCheckpointWriter.planShards(TENSORS, 64);
        assertThat(plan.keySet()).containsExactly("model-00001-of-00003.safetensors",
                "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors");
        assertThat(plan.get("model-00001-of-00003.safetensors")).containsExactly(TENSORS.get(0), TENSORS.get(1));
        assertThat(plan.get("model-00002-of-00003.safetensors")).containsExactly(TENSORS.get(2));
    }

    @Test
    void writtenFolderOpensAsShardedCheckpointWithMatchingTotalSize() {
        Path out = dir.resolve("m");
        ShardedCheckpointWriter.write(out, ShardedCheckpointWriter.planShards(TENSORS, 64), Map.of("k", "v"),
                (t, ch) -> {
                    ByteBuffer b = ByteBuffer.allocate((int) t.byteSize());
                    b.put(0, (byte) t.name().charAt(0));
                    ch.write(b);
                }, SafetensorsWriter.Overwrite.REFUSE);
        try (Checkpoint c = Checkpoints.open(out)) {
            assertThat(c.layout()).isEqualTo(CheckpointLayout.FOLDER_SHARDED);
            assertThat(c.tensors()).containsExactlyElementsOf(TENSORS);
            assertThat(c.warnings()).isEmpty();
            assertThat(c.metadata()).containsEntry("k", "v");
            assertThat(c.readBytes("c.weight")[0]).isEqualTo((byte) 'c');
            assertThat(c.sourceFile("d")).isEqualTo("model-00003-of-00003.safetensors");
        }
        assertThatThrownBy(() -> ShardedCheckpointWriter.write(out, ShardedCheckpointWriter.planShards(TENSORS, 64), Map.of(),
                (t, ch) -> ch.write(ByteBuffer.allocate((int) t.byteSize())), SafetensorsWriter.Overwrite.REFUSE))
                .isInstanceOf(InputException.class).hasMessageContaining("already exists");
    }
}
