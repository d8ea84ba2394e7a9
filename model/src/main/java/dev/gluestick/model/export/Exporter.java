package dev.gluestick.model.export;

import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.CheckpointLayout;
import dev.gluestick.model.io.onnx.OnnxCheckpoint;
import dev.gluestick.model.io.onnx.OnnxTensorMapping;
import dev.gluestick.model.io.safetensors.SafetensorsWriter;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.ProgressListener;
import dev.gluestick.model.recover.RecoveryEngine;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import dev.gluestick.model.tradeoff.Allocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * Writes a deployable result: {@code model/} (the pruned base in the source layout and dtypes),
 * {@code adapter/} (the correction as a PEFT LoRA adapter), optionally {@code merged/}
 * ({@code Wp + A B}), and {@code report.json} / {@code report.csv}. The folder appears
 * atomically; on failure nothing is left under its name.
 *
 * <p>Streams tensor by tensor: pruned weights are recomputed from the dense ones (pruners are
 * deterministic) and factors come from the engine's store, so memory stays at one layer.
 */
public final class Exporter {

    /** Files next to the weights that are copied to model/ and merged/ (config, tokenizer...). */
    private static final long MAX_SIDE_FILE = 256L << 20;
    /** Dense weights in other formats must never sit beside pruned ones: a loader could pick them. */
    private static final Set<String> WEIGHT_SUFFIXES = Set.of(
            ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".onnx", ".gguf", ".onnx_data");
    private static final String INDEX = "model.safetensors.index.json";

    private final RecoveryEngine engine;
    private final ModelAnalysis analysis;
    private final Allocation allocation;
    private final ExportOptions options;
    private final Map<String, Integer> layerIndex = new HashMap<>();

    private Exporter(RecoveryEngine engine, ModelAnalysis analysis, Allocation allocation, ExportOptions options) {
        this.engine = engine;
        this.analysis = analysis;
        this.allocation = allocation;
        this.options = options;
        if (allocation.size() != analysis.layers().size()) {
            throw new IllegalArgumentException("allocation has " + allocation.size() + " ranks for "
                    + analysis.layers().size() + " layers");
        }
        for (int i = 0; i < analysis.layers().size(); i++) {
            layerIndex.put(analysis.layers().get(i).layer().tensorName(), i);
        }
    }

    public static ExportResult export(RecoveryEngine engine, ModelAnalysis analysis, Allocation allocation,
            ExportOptions options, Path out, ProgressListener progress) {
        try {
            return new Exporter(engine, analysis, allocation, options).run(out, progress);
        } catch (UncheckedIOException e) {
            // A cancel interrupts the thread; an interrupted FileChannel closes itself and throws.
            if (e.getCause() instanceof java.nio.channels.ClosedByInterruptException) {
                CancellationException c = new CancellationException("export cancelled; nothing was written to " + out);
                c.initCause(e);
                throw c;
            }
            throw e;
        }
    }

    private ExportResult run(Path out, ProgressListener progress) {
        Checkpoint dense = engine.dense();
        try (OutputFolder folder = OutputFolder.create(out, dense.path())) {
            long steps = dense.tensors().size() * (options.merged() ? 2L : 1L) + (options.adapter() ? analysis.layers().size() : 0);
            Progress p = new Progress(progress, steps);
            writeCheckpoint(folder.dir().resolve("model"), false, p);
            if (options.adapter()) {
                writeAdapter(folder.dir().resolve("adapter"), folder.target().resolve("model"), p);
            }
            if (options.merged()) {
                writeCheckpoint(folder.dir().resolve("merged"), true, p);
            }
            Report.write(folder.dir(), analysis, allocation, options, provenance(), engine.warnings());
            if (dense instanceof OnnxCheckpoint onnx) {
                writeJson(folder.dir().resolve("onnx_names.json"), onnxNames(onnx));
            }
            List<ExportResult.ExportedFile> files = listFiles(folder.dir());
            folder.commit();
            progress.update(steps, steps, "exported to " + folder.target());
            return new ExportResult(folder.target(), files);
        }
    }

    /** Counts finished tensors across the phases of an export. */
    private static final class Progress {
        private final ProgressListener listener;
        private final long total;
        private long done;

        Progress(ProgressListener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        void step(String message) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("export cancelled");
            }
            listener.update(done++, total, message);
        }
    }

    private void writeCheckpoint(Path dir, boolean merged, Progress progress) {
        Checkpoint dense = engine.dense();
        createDirectory(dir);
        Map<String, List<TensorInfo>> byFile = new LinkedHashMap<>();
        for (TensorInfo t : dense.tensors()) {
            byFile.computeIfAbsent(outputFileName(dense, t.name()), f -> new ArrayList<>()).add(t);
        }
        Map<String, String> metadata = new LinkedHashMap<>(dense.metadata());
        metadata.put("format", "pt");
        metadata.putAll(provenance());
        metadata.put("gluestick.content", merged ? "merged: Wp + A B (dense)" : "pruned base Wp");
        Map<String, String> weightMap = new LinkedHashMap<>();
        long totalSize = 0;
        for (Map.Entry<String, List<TensorInfo>> file : byFile.entrySet()) {
            SafetensorsWriter.write(dir.resolve(file.getKey()), file.getValue(), metadata, (t, ch) -> {
                progress.step((merged ? "merged " : "base ") + t.name());
                Integer li = layerIndex.get(t.name());
                if (li == null) {
                    // Streamed, never as one array: embeddings of large-vocabulary models exceed 2 GiB.
                    dense.transferTo(t.name(), ch);
                    return;
                }
                LayerAnalysis a = analysis.layers().get(li);
                float[] w = engine.readChecked(a.layer());
                float[] wp = engine.prunedWeights().pruned(a.layer(), w);
                if (merged && allocation.rank(li) > 0) {
                    float[] ab = engine.factors().get(t.name(), allocation.rank(li)).product();
                    for (int i = 0; i < wp.length; i++) {
                        wp[i] += ab[i];
                    }
                }
                SafetensorsWriter.writeFloats(wp, t.dtype(), ch);
            }, SafetensorsWriter.Overwrite.REFUSE);
            for (TensorInfo t : file.getValue()) {
                weightMap.put(t.name(), file.getKey());
                totalSize += t.byteSize();
            }
        }
        if (byFile.size() > 1 || dense.layout() == CheckpointLayout.FOLDER_SHARDED) {
            writeIndex(dir.resolve(INDEX), weightMap, totalSize);
        }
        copySideFiles(dense, dir);
    }

    /** Shards keep their names; a single file becomes model.safetensors (a loadable HF folder). */
    private static String outputFileName(Checkpoint dense, String tensor) {
        if (dense.layout() == CheckpointLayout.FOLDER_SHARDED) {
            return Path.of(dense.sourceFile(tensor)).getFileName().toString();
        }
        return "model.safetensors";
    }

    private void writeAdapter(Path dir, Path finalBase, Progress progress) {
        createDirectory(dir);
        DType factorType = options.factorDTypeOr(analysis.baseDType());
        List<TensorInfo> tensors = new ArrayList<>();
        List<LinearLayer> layers = new ArrayList<>();
        int[] ranks = allocation.ranks();
        for (int i = 0; i < analysis.layers().size(); i++) {
            LinearLayer l = analysis.layers().get(i).layer();
            layers.add(l);
            if (ranks[i] > 0) {
                tensors.add(new TensorInfo(PeftAdapter.loraAName(l), factorType, new long[] {ranks[i], l.cols()}));
                tensors.add(new TensorInfo(PeftAdapter.loraBName(l), factorType, new long[] {l.rows(), ranks[i]}));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.putAll(provenance());
        Map<String, LinearLayer> byA = new HashMap<>();
        for (LinearLayer l : layers) {
            byA.put(PeftAdapter.loraAName(l), l);
        }
        // lora_A and lora_B of a layer are consecutive: fetch the factors once for both.
        Correction[] current = new Correction[1];
        SafetensorsWriter.write(dir.resolve(PeftAdapter.WEIGHTS_FILE), tensors, metadata, (t, ch) -> {
            LinearLayer a = byA.get(t.name());
            if (a != null) {
                progress.step("adapter " + a.modulePath());
                current[0] = engine.factors().get(a.tensorName(), allocation.rank(layerIndex.get(a.tensorName())));
                SafetensorsWriter.writeFloats(current[0].b(), t.dtype(), ch);
            } else {
                SafetensorsWriter.writeFloats(current[0].a(), t.dtype(), ch);
            }
        }, SafetensorsWriter.Overwrite.REFUSE);
        Map<String, Object> config = PeftAdapter.config(layers, ranks, finalBase.toString());
        writeJson(dir.resolve(PeftAdapter.CONFIG_FILE), config);
    }

    Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gluestick.version", options.toolVersion());
        p.put("gluestick.source", analysis.source().toString());
        p.put("gluestick.prune", analysis.prune());
        p.put("gluestick.policy", allocation.policy().describe());
        p.put("gluestick.max_rank", Integer.toString(analysis.maxRank()));
        p.put("gluestick.factor_dtype", options.factorDTypeOr(analysis.baseDType()).safetensorsName());
        p.put("gluestick.sparsity", String.format(Locale.ROOT, "%.6f", analysis.sparsity()));
        StringBuilder ranks = new StringBuilder();
        for (int r : allocation.ranks()) {
            ranks.append(ranks.length() == 0 ? "" : ",").append(r);
        }
        p.put("gluestick.ranks", ranks.toString());
        return p;
    }

    private static void writeIndex(Path file, Map<String, String> weightMap, long totalSize) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", totalSize));
        index.put("weight_map", weightMap);
        writeJson(file, index);
    }

    /** Which ONNX initializer (and node) each exported name came from, and whether it was transposed. */
    private static List<Map<String, Object>> onnxNames(OnnxCheckpoint onnx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OnnxTensorMapping m : onnx.nameMapping()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tensor", m.presentedName());
            row.put("onnx_initializer", m.initializerName());
            row.put("onnx_node", m.nodeName());
            row.put("op_type", m.opType());
            row.put("transposed", m.transposed());
            row.put("renamed", m.renamed());
            rows.add(row);
        }
        return rows;
    }

    static void writeJson(Path file, Object value) {
        try {
            PeftAdapter.json().writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void copySideFiles(Checkpoint dense, Path dir) {
        Path src = Files.isDirectory(dense.path()) ? dense.path() : null;
        if (src == null) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(src)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                boolean weights = WEIGHT_SUFFIXES.stream().anyMatch(lower::endsWith);
                if (!Files.isRegularFile(f) || weights || name.equals(INDEX) || name.startsWith(".")
                        || Files.size(f) > MAX_SIDE_FILE) {
                    continue;
                }
                Files.copy(f, dir.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the files next to " + src, e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static List<ExportResult.ExportedFile> listFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<ExportResult.ExportedFile> out = new ArrayList<>();
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                out.add(new ExportResult.ExportedFile(root.relativize(p), Files.size(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
