package dev.gluestick.model.io.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A graph node as far as layer discovery needs it: its op, its input and output value names, and
 * its integer attributes ({@code transB} of Gemm, {@code perm} of Transpose).
 */
record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        Map<String, Long> intAttributes,
        Map<String, List<Long>> intListAttributes) {

    OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        intAttributes = Map.copyOf(intAttributes);
        intListAttributes = Map.copyOf(intListAttributes);
    }

    Optional<String> input(int index) {
        return index < inputs.size() && !inputs.get(index).isEmpty() ? Optional.of(inputs.get(index)) : Optional.empty();
    }

    long intAttribute(String name, long defaultValue) {
        return intAttributes.getOrDefault(name, defaultValue);
    }
}
