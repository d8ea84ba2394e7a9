package dev.gluestick.model.io.onnx;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reader takes from a ModelProto: header fields, the main graph's initializers and nodes
 * (subgraphs of If/Loop are not descended into), the tensors of its Constant nodes (named after
 * their outputs), and notes about what it skipped.
 */
record OnnxModel(
        Path file,
        long irVersion,
        String producerName,
        String producerVersion,
        Map<String, Long> opsets,
        Map<String, String> metadataProps,
        List<OnnxTensor> initializers,
        List<OnnxNode> nodes,
        List<OnnxTensor> constants,
        List<String> notes) {

    OnnxModel {
        // Insertion order, not Map.copyOf: its iteration order changes between JVM runs, and the
        // metadata ends up in exported files that should be byte-reproducible.
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        metadataProps = Collections.unmodifiableMap(new LinkedHashMap<>(metadataProps));
        initializers = List.copyOf(initializers);
        nodes = List.copyOf(nodes);
        constants = List.copyOf(constants);
        notes = List.copyOf(notes);
    }
}
