package dev.gluestick.model.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading real trained weights: {@link E5Model}. */
class E5SmallOnnxTest {

    static Path model;
    static OnnxCheckpoint checkpoint;

    @BeforeAll
    static void open() {
        model = E5Model.path();
        checkpoint = OnnxCheckpoint.open(model);
    }

    @AfterAll
    static void close() {
        if (checkpoint != null) {
            checkpoint.close();
        }
    }

    @Test
    void findsEverySeventyTwoLinearLayersWithHuggingFaceNamesAndOutByInShapes() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            String p = "encoder.layer." + i + ".";
            expected.put(p + "attention.self.query.weight", "384x384");
            expected.put(p + "attention.self.key.weight", "384x384");
            expected.put(p + "attention.self.value.weight", "384x384");
            expected.put(p + "attention.output.dense.weight", "384x384");
            expected.put(p + "intermediate.dense.weight", "1536x384");
            expected.put(p + "output.dense.weight", "384x1536");
        }
        List<LinearLayer> layers = checkpoint.linearLayers();
        assertThat(layers).hasSize(72);
        assertThat(layers.stream().collect(Collectors.toMap(LinearLayer::tensorName, LinearLayer::shapeString)))
                .isEqualTo(expected);
        for (LinearLayer l : layers) {
            assertThat(l.dtype()).isEqualTo(DType.F32);
            assertThat(l.block()).hasValue(Integer.parseInt(l.modulePath().split("\\.")[2]));
            assertThat(checkpoint.tensor(l.tensorName()).orElseThrow().shape()).containsExactly(l.rows(), l.cols());
        }
        assertThat(layers.get(0).modulePath()).isEqualTo("encoder.layer.0.attention.self.query");
        assertThat(layers.get(0).sublayer()).isEqualTo("query");
        // The name-based discovery used for safetensors finds exactly the same layers on the presented names.
        assertThat(LayerDiscovery.discover(checkpoint.tensors())).containsExactlyInAnyOrderElementsOf(layers);
    }

    @Test
    void mappingNamesTheGeneratedInitializerAndItsNodeForEveryLayer() {
        List<OnnxTensorMapping> mapping = checkpoint.nameMapping();
        assertThat(mapping).hasSize(72).allSatisfy(m -> {
            assertThat(m.initializerName()).startsWith("onnx::MatMul_");
            assertThat(m.opType()).isEqualTo("MatMul");
            assertThat(m.transposed()).isTrue();
            assertThat(m.renamed()).isTrue();
            String module = m.presentedName().substring(0, m.presentedName().length() - ".weight".length());
            assertThat(m.nodeName()).isEqualTo("/" + module.replace('.', '/').replace("layer/", "layer.") + "/MatMul");
        });
    }

    @Test
    void keepsMeaningfulNamesOfTheOtherInitializers() {
        Map<String, TensorInfo> byName = checkpoint.tensors().stream()
                .collect(Collectors.toMap(TensorInfo::name, Function.identity()));
        assertThat(byName.get("embeddings.word_embeddings.weight").shape()).containsExactly(30522, 384);
        assertThat(byName.get("embeddings.position_ids").dtype()).isEqualTo(DType.I64);
        assertThat(byName.get("encoder.layer.11.output.LayerNorm.bias").shape()).containsExactly(384);
        assertThat(byName.get("encoder.layer.3.intermediate.dense.bias").shape()).containsExactly(1536);
        assertThat(byName.keySet()).noneMatch(n -> n.contains("::"));
        assertThat(checkpoint.pruningUnsupportedReason()).isEmpty();
        assertThat(checkpoint.producer()).isEqualTo("pytorch 2.0.1");
    }

    @Test
    void readFloatsOfATransposedWeightIsTheStoredMatrixTransposed() throws Exception {
        for (String name : List.of("encoder.layer.0.attention.self.query.weight", "encoder.layer.5.intermediate.dense.weight",
                "encoder.layer.11.output.dense.weight")) {
            OnnxTensorMapping m = checkpoint.nameMapping().stream()
                    .filter(x -> x.presentedName().equals(name)).findFirst().orElseThrow();
            float[] stored = storedFloats(m.initializerName());
            TensorInfo info = checkpoint.tensor(name).orElseThrow();
            int out = (int) info.dim(0);
            int in = (int) info.dim(1);
            assertThat(stored).hasSize(out * in);
            float[] presented = checkpoint.readFloats(name);
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    if (Float.floatToRawIntBits(presented[o * in + i]) != Float.floatToRawIntBits(stored[i * out + o])) {
                        throw new AssertionError(name + " differs at [" + o + ", " + i + "]");
                    }
                }
            }
            byte[] bytes = checkpoint.readBytes(name);
            float[] fromBytes = new float[out * in];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(fromBytes);
            assertThat(fromBytes).isEqualTo(presented); // isEqualTo is linear; containsExactly is quadratic on 590k floats
        }
    }

    @Test
    void everyLinearWeightIsFiniteAndNotZero() {
        List<String> bad = new ArrayList<>();
        for (LinearLayer l : checkpoint.linearLayers()) {
            double sumSq = 0;
            boolean finite = true;
            for (float v : checkpoint.readFloats(l.tensorName())) {
                finite &= Float.isFinite(v);
                sumSq += (double) v * v;
            }
            if (!finite || sumSq == 0) {
                bad.add(l.tensorName());
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void concurrentReadsGiveTheSameValuesAsSequentialOnes() throws Exception {
        List<LinearLayer> layers = checkpoint.linearLayers();
        Map<String, Integer> expected = new java.util.HashMap<>();
        for (LinearLayer l : layers) {
            expected.put(l.tensorName(), java.util.Arrays.hashCode(checkpoint.readFloats(l.tensorName())));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int rep = 0; rep < 2; rep++) {
                for (LinearLayer l : layers) {
                    results.add(pool.submit(() -> java.util.Arrays.hashCode(checkpoint.readFloats(l.tensorName()))
                            == expected.get(l.tensorName())));
                }
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The initializer's raw_data straight from the file, located by an independent scan of the model. */
    private static float[] storedFloats(String initializerName) throws Exception {
        MappedFile file = MappedFile.open(model);
        OnnxTensor t = OnnxModelReader.read(file).initializers().stream()
                .filter(x -> x.name().equals(initializerName)).findFirst().orElseThrow();
        Span span = ((TensorData.Raw) t.data()).span();
        ByteBuffer buf = ByteBuffer.allocate((int) span.length()).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(model)) {
            while (buf.hasRemaining()) {
                ch.read(buf, span.offset() + buf.position());
            }
        }
        buf.flip();
        float[] out = new float[(int) (span.length() / 4)];
        buf.asFloatBuffer().get(out);
        return out;
    }
}
