package dev.gluestick.model.io.onnx;

import static dev.gluestick.model.io.onnx.OnnxFixture.floatTensor;
import static dev.gluestick.model.io.onnx.OnnxFixture.intAttribute;
import static dev.gluestick.model.io.onnx.OnnxFixture.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxLayerDiscoveryTest {

    @TempDir
    Path dir;

    /** [in=2, out=3] as ONNX stores a MatMul weight: row i holds the weights from input i. */
    private static final float[] IN_OUT = {1, 2, 3, 4, 5, 6};
    /** The same matrix as PyTorch's [out=3, in=2]. */
    private static final float[] OUT_IN = {1, 4, 2, 5, 3, 6};

    @Test
    void presentsMatMulWeightAsOutByInWithNameFromNodeScope() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_787", new long[] {2, 3}, IN_OUT))
                .node(node("/encoder/layer.4/attention/self/query/MatMul", "MatMul", List.of("x", "onnx::MatMul_787"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            String name = "encoder.layer.4.attention.self.query.weight";
            assertThat(c.layout()).isEqualTo(CheckpointLayout.ONNX);
            assertThat(c.tensor(name).orElseThrow().shape()).containsExactly(3, 2);
            assertThat(c.readFloats(name)).containsExactly(OUT_IN);
            assertThat(c.readBytes(name)).containsExactly(OnnxFixture.le(OUT_IN));
            assertThat(c.linearLayers()).containsExactly(new LinearLayer(name, "encoder.layer.4.attention.self.query",
                    3, 2, DType.F32, java.util.OptionalInt.of(4), "query"));
            assertThat(c.nameMapping()).containsExactly(new OnnxTensorMapping(name, "onnx::MatMul_787",
                    "/encoder/layer.4/attention/self/query/MatMul", "MatMul", true, true));
            assertThat(c.sourceFile(name)).isEqualTo("m.onnx");
        }
    }

    @Test
    void keepsMeaningfulInitializerNames() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("encoder.layer.0.output.dense.weight", new long[] {2, 3}, IN_OUT))
                .node(node("/some/other/scope/MatMul", "MatMul", List.of("x", "encoder.layer.0.output.dense.weight"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName)
                    .containsExactly("encoder.layer.0.output.dense.weight");
            assertThat(c.nameMapping().get(0).renamed()).isFalse();
            assertThat(c.nameMapping().get(0).transposed()).isTrue();
        }
    }

    @Test
    void gemmWithTransBOneIsAlreadyOutByIn() throws Exception {
        ProtoWriter gemm = node("/classifier/Gemm", "Gemm", List.of("x", "onnx::Gemm_5", "onnx::Gemm_6"), "y")
                .message(5, intAttribute("transB", 1));
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::Gemm_5", new long[] {3, 2}, OUT_IN))
                .initializer(floatTensor("onnx::Gemm_6", new long[] {3}, 7, 8, 9))
                .node(gemm)
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensor("classifier.weight").orElseThrow().shape()).containsExactly(3, 2);
            assertThat(c.readFloats("classifier.weight")).containsExactly(OUT_IN);
            assertThat(c.readFloats("classifier.bias")).containsExactly(7, 8, 9);
            assertThat(c.nameMapping()).extracting(OnnxTensorMapping::presentedName, OnnxTensorMapping::transposed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("classifier.weight", false),
                            org.assertj.core.groups.Tuple.tuple("classifier.bias", false));
        }
    }

    @Test
    void gemmWithTransBZeroIsTransposed() throws Exception {
        ProtoWriter gemm = node("/classifier/Gemm", "Gemm", List.of("x", "onnx::Gemm_5"), "y")
                .message(5, intAttribute("transB", 0));
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::Gemm_5", new long[] {2, 3}, IN_OUT))
                .node(gemm)
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensor("classifier.weight").orElseThrow().shape()).containsExactly(3, 2);
            assertThat(c.readFloats("classifier.weight")).containsExactly(OUT_IN);
        }
    }

    @Test
    void fusedMatMulFromOnnxRuntimeHonorsTransB() throws Exception {
        ProtoWriter fused = node("/mlp/fc/FusedMatMul", "FusedMatMul", List.of("x", "onnx::W_1"), "y")
                .string(7, "com.microsoft").message(5, intAttribute("transB", 1));
        ProtoWriter wrongDomain = node("/other/FusedMatMul", "FusedMatMul", List.of("x", "onnx::W_2"), "z");
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::W_1", new long[] {3, 2}, OUT_IN))
                .initializer(floatTensor("onnx::W_2", new long[] {3, 2}, OUT_IN))
                .node(fused)
                .node(wrongDomain)
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName).containsExactly("mlp.fc.weight");
            assertThat(c.readFloats("mlp.fc.weight")).containsExactly(OUT_IN);
        }
    }

    @Test
    void constantNodeMultipliedAsAWeightIsALayer() throws Exception {
        // Attribute first, output last: the reader must not depend on field order.
        ProtoWriter constant = new ProtoWriter()
                .message(5, new ProtoWriter().string(1, "value")
                        .message(5, OnnxFixture.tensor("", OnnxFixture.FLOAT, 2, 3).bytes(9, OnnxFixture.le(IN_OUT)))
                        .varint(20, 4))
                .string(4, "Constant")
                .string(3, "/block/fc/Constant")
                .string(2, "/block/fc/Constant_output_0");
        ProtoWriter shape = node("/block/Constant_1", "Constant", List.of(), "/block/Constant_1_output_0")
                .message(5, new ProtoWriter().string(1, "value")
                        .message(5, OnnxFixture.tensor("", OnnxFixture.INT64, 1).packedVarints(7, -1)));
        Path p = new OnnxFixture()
                .node(constant)
                .node(shape)
                .node(node("/block/fc/MatMul", "MatMul", List.of("x", "/block/fc/Constant_output_0"), "y"))
                .node(node("/block/Reshape", "Reshape", List.of("y", "/block/Constant_1_output_0"), "z"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            // Only the constant multiplied as a weight becomes a tensor; the shape constant stays in the graph.
            assertThat(c.tensors()).extracting(t -> t.name()).containsExactly("block.fc.weight");
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName).containsExactly("block.fc.weight");
            assertThat(c.readFloats("block.fc.weight")).containsExactly(OUT_IN);
            assertThat(c.nameMapping().get(0).initializerName()).isEqualTo("/block/fc/Constant_output_0");
        }
    }

    @Test
    void weightTransposedInTheGraphIsNotTransposedAgain() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("fc.weight", new long[] {3, 2}, OUT_IN))
                .node(node("/fc/Transpose", "Transpose", List.of("fc.weight"), "wt"))
                .node(node("/fc/MatMul", "MatMul", List.of("x", "wt"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).extracting(LinearLayer::shapeString).containsExactly("3x2");
            assertThat(c.readFloats("fc.weight")).containsExactly(OUT_IN);
        }
    }

    @Test
    void recoveredNamesAreUniqueAndNeverTakeAnExistingName() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("attn.weight", new long[] {1}, 0))
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, IN_OUT))
                .initializer(floatTensor("onnx::MatMul_2", new long[] {2, 3}, IN_OUT))
                .node(node("/attn/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .node(node("/attn/MatMul_1", "MatMul", List.of("x", "onnx::MatMul_2"), "z"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.tensors()).extracting(t -> t.name())
                    .containsExactly("attn.weight", "attn_2.weight", "attn_3.weight");
            assertThat(c.linearLayers()).hasSize(2);
        }
    }

    @Test
    void fallsBackToSanitizedInitializerNameWhenNodeHasNoScope() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_9", new long[] {2, 3}, IN_OUT))
                .node(node("MatMul_3", "MatMul", List.of("x", "onnx::MatMul_9"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName).containsExactly("onnx_MatMul_9.weight");
        }
    }

    @Test
    void twoDimensionalWeightFedToAnotherOpIsNotALinearCandidate() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("rel_bias.weight", new long[] {2, 3}, IN_OUT))
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, IN_OUT))
                .node(node("/rel_bias/Gather", "Gather", List.of("rel_bias.weight", "idx"), "b"))
                .node(node("/fc/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(dev.gluestick.model.layers.LayerDiscovery.discover(c.tensors()))
                    .extracting(LinearLayer::tensorName).containsExactlyInAnyOrder("rel_bias.weight", "fc.weight");
            assertThat(dev.gluestick.model.layers.LayerDiscovery.discover(c.linearCandidates()))
                    .isEqualTo(c.linearLayers());
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName).containsExactly("fc.weight");
        }
    }

    @Test
    void activationTimesActivationMatMulIsNotALayer() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("bias.vector", new long[] {3}, 1, 2, 3))
                .node(node("/attn/MatMul", "MatMul", List.of("q", "k"), "s"))
                .node(node("/attn/MatMul_1", "MatMul", List.of("s", "bias.vector"), "t"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).isEmpty();
            assertThat(c.tensors()).extracting(t -> t.name()).containsExactly("bias.vector");
        }
    }

    @Test
    void sharedWeightIsOneLayerWithANote() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, IN_OUT))
                .node(node("/a/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .node(node("/b/MatMul", "MatMul", List.of("y", "onnx::MatMul_1"), "z"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.linearLayers()).extracting(LinearLayer::tensorName).containsExactly("a.weight");
            assertThat(c.warnings()).anyMatch(n -> n.contains("shared by 2 nodes"));
        }
    }

    @Test
    void detectsQuantizedGraphAndRefusesToPrune() throws Exception {
        Path p = new OnnxFixture()
                .initializer(OnnxFixture.tensor("w_quantized", 3, 2, 3).bytes(9, new byte[6]))
                .node(node("/fc/MatMulInteger", "MatMulInteger", List.of("xq", "w_quantized"), "yq"))
                .node(node("/fc/DequantizeLinear", "DequantizeLinear", List.of("yq", "s"), "y"))
                .write(dir, "q.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.pruningUnsupportedReason()).hasValueSatisfying(r -> assertThat(r)
                    .contains("quantized").contains("MatMulInteger x1").contains("DequantizeLinear x1"));
            assertThat(c.tensor("w_quantized").orElseThrow().dtype()).isEqualTo(DType.I8);
            assertThatThrownBy(c::requirePrunable).isInstanceOf(InputException.class)
                    .hasMessageContaining("q.onnx").hasMessageContaining("not supported");
            // The engine asks before anything else, so the user hears why rather than "no layers".
            var twoFour = new dev.gluestick.model.recover.PruneSource.BuiltIn(
                    new dev.gluestick.model.prune.PruneMethod.MagnitudeNM(new dev.gluestick.model.prune.NMPattern(2, 4)),
                    java.util.Optional.empty());
            assertThatThrownBy(() -> dev.gluestick.model.recover.RecoveryEngine.open(c, c.linearLayers(), twoFour, 8))
                    .isInstanceOf(InputException.class).hasMessageContaining("quantized");
        }
    }

    @Test
    void floatGraphIsPrunable() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, IN_OUT))
                .node(node("/a/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.pruningUnsupportedReason()).isEmpty();
            c.requirePrunable();
            assertThat(c.metadata()).containsEntry("onnx.producer", "fixture 1.0").containsEntry("onnx.opset", "17")
                    .containsEntry("onnx.ir_version", "8");
        }
    }

    @Test
    void checkpointsOpensOnnxFilesAndReadsConfigNextToThem() throws Exception {
        Path p = new OnnxFixture()
                .initializer(floatTensor("onnx::MatMul_1", new long[] {2, 3}, IN_OUT))
                .node(node("/a/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), "y"))
                .write(dir, "model.onnx");
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"bert\",\"hidden_size\":3}");
        try (Checkpoint c = Checkpoints.open(p)) {
            assertThat(c).isInstanceOf(OnnxCheckpoint.class);
            assertThat(c.tensors()).extracting(t -> t.name()).containsExactly("a.weight");
            assertThat(c.config().orElseThrow().modelType()).isEqualTo("bert");
        }
    }

    @Test
    void keepsMetadataPropsAndLeavesOutOversizedValuesWithANote() throws Exception {
        byte[] huge = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] model = new ProtoWriter()
                .message(14, new ProtoWriter().string(1, "author").string(2, "someone"))
                .message(14, new ProtoWriter().string(1, "blob").bytes(2, huge))
                .raw(new OnnxFixture().initializer(floatTensor("a.b", new long[] {1}, 1)).toBytes())
                .toBytes();
        Path p = dir.resolve("m.onnx");
        java.nio.file.Files.write(p, model);
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.metadata()).containsEntry("author", "someone").doesNotContainKey("blob");
            assertThat(c.warnings()).anyMatch(n -> n.contains("'blob' left out"));
        }
    }

    @Test
    void rejectsUnknownTensorName() throws Exception {
        Path p = new OnnxFixture().initializer(floatTensor("a.b", new long[] {1}, 1)).write(dir, "m.onnx");
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThatThrownBy(() -> c.readFloats("nope")).isInstanceOf(InputException.class)
                    .hasMessageContaining("m.onnx").hasMessageContaining("nope");
        }
    }
}
