package dev.gluestick.model.io.onnx;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the linear layers of an ONNX graph and decides every initializer's presented name and
 * layout.
 *
 * <p>A linear weight is a 2-D floating initializer consumed as input B (index 1) of a {@code
 * MatMul}, {@code Gemm} or {@code com.microsoft:FusedMatMul}, directly or through a {@code
 * Transpose} with perm [1, 0]. ONNX
 * multiplies {@code x @ B}, so B is {@code [in, out]} (for Gemm with transB=1 it is {@code [out,
 * in]}); whatever the graph does, the weight is presented as PyTorch's {@code [out, in]}. The
 * first consuming node decides; later consumers of a shared weight are noted.
 */
final class GraphLayers {

    /** Ops whose presence means the graph computes with quantized weights. */
    private static final Set<String> QUANTIZED_OPS = Set.of(
            "MatMulInteger", "QLinearMatMul", "DequantizeLinear", "QuantizeLinear", "DynamicQuantizeLinear",
            "ConvInteger", "QLinearConv", "MatMulNBits", "QGemm", "DynamicQuantizeMatMul", "MatMulIntegerToFloat",
            "QAttention");

    private record Use(OnnxNode node, boolean storedInOut) {}

    private final List<PresentedTensor> presented = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Optional<String> quantizedReason;

    private GraphLayers(OnnxModel model) {
        Map<String, OnnxTensor> byName = new LinkedHashMap<>();
        for (OnnxTensor t : model.initializers()) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                notes.add("initializer " + t.name() + " appears twice; the first one is used");
            }
        }
        // Constant-node tensors are graph plumbing (shapes, axes) unless they are multiplied as weights.
        Set<String> weightInputs = weightInputNames(model);
        for (OnnxTensor t : model.constants()) {
            if (weightInputs.contains(t.name()) && !byName.containsKey(t.name())) {
                byName.put(t.name(), t);
            }
        }
        Map<String, Use> weightUse = findWeights(model, byName);
        Map<String, OnnxNode> gemmBias = findGemmBiases(model, byName, weightUse);

        // Names kept as they are are reserved first, so a recovered name never takes one of them.
        Set<String> taken = new HashSet<>();
        for (OnnxTensor t : byName.values()) {
            if (!needsRename(t, weightUse, gemmBias)) {
                taken.add(t.name());
            }
        }
        for (OnnxTensor t : byName.values()) {
            DType dtype = t.dataType().flatMap(OnnxDataType::dtype).orElseThrow();
            Use use = weightUse.get(t.name());
            OnnxNode bias = gemmBias.get(t.name());
            OnnxNode node = use != null ? use.node() : bias;
            boolean rename = needsRename(t, weightUse, gemmBias);
            String name = t.name();
            if (rename) {
                String module = OnnxNaming.moduleFromNode(node.name()).orElseGet(() -> fallbackModule(t.name()));
                name = OnnxNaming.unique(module, use != null ? ".weight" : ".bias", taken);
                taken.add(name);
            }
            boolean transposed = use != null && use.storedInOut();
            long[] shape = t.dims();
            if (transposed) {
                shape = new long[] {shape[1], shape[0]};
            }
            OnnxTensorMapping mapping = new OnnxTensorMapping(
                    name, t.name(), node == null ? "" : node.name(), node == null ? "" : node.opType(), transposed, rename);
            presented.add(new PresentedTensor(new TensorInfo(name, dtype, shape), t, transposed, use != null, mapping));
        }
        quantizedReason = quantized(model);
    }

    static GraphLayers of(OnnxModel model) {
        return new GraphLayers(model);
    }

    List<PresentedTensor> presented() {
        return presented;
    }

    List<String> notes() {
        return notes;
    }

    Optional<String> quantizedReason() {
        return quantizedReason;
    }

    /** Names fed to input B of a MatMul-like node, directly or through a Transpose. */
    private static Set<String> weightInputNames(OnnxModel model) {
        Map<String, String> transposeInput = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            if (isDefaultDomain(n) && n.opType().equals("Transpose") && n.outputs().size() == 1 && n.input(0).isPresent()) {
                transposeInput.put(n.outputs().get(0), n.input(0).get());
            }
        }
        Set<String> names = new HashSet<>();
        for (OnnxNode n : model.nodes()) {
            if (isMatMulLike(n) && n.input(1).isPresent()) {
                String b = n.input(1).get();
                names.add(b);
                if (transposeInput.containsKey(b)) {
                    names.add(transposeInput.get(b));
                }
            }
        }
        return names;
    }

    private static boolean isMatMulLike(OnnxNode n) {
        return (isDefaultDomain(n) && (n.opType().equals("MatMul") || n.opType().equals("Gemm")))
                || (n.domain().equals("com.microsoft") && n.opType().equals("FusedMatMul"));
    }

    private Map<String, Use> findWeights(OnnxModel model, Map<String, OnnxTensor> byName) {
        // Transpose(initializer) outputs, so a weight transposed in the graph is still found.
        Map<String, String> transposedInit = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            if (isDefaultDomain(n) && n.opType().equals("Transpose") && n.outputs().size() == 1) {
                Optional<String> in = n.input(0);
                List<Long> perm = n.intListAttributes().getOrDefault("perm", List.of(1L, 0L));
                if (in.isPresent() && byName.containsKey(in.get()) && perm.equals(List.of(1L, 0L))) {
                    transposedInit.put(n.outputs().get(0), in.get());
                }
            }
        }
        Map<String, Use> uses = new LinkedHashMap<>();
        Map<String, Integer> extraUses = new TreeMap<>();
        for (OnnxNode n : model.nodes()) {
            if (!isMatMulLike(n) || n.input(1).isEmpty()) {
                continue;
            }
            // Gemm and onnxruntime's FusedMatMul may take B transposed (transB); MatMul never does.
            boolean gemm = !n.opType().equals("MatMul");
            String b = n.input(1).get();
            boolean viaTranspose = !byName.containsKey(b) && transposedInit.containsKey(b);
            String init = viaTranspose ? transposedInit.get(b) : b;
            OnnxTensor t = byName.get(init);
            if (t == null || !isLinearCandidate(t)) {
                continue;
            }
            // The matrix the op multiplies by is [in, out] unless Gemm transposes it (transB=1).
            boolean effectiveInOut = !(gemm && n.intAttribute("transB", 0) != 0);
            boolean storedInOut = effectiveInOut != viaTranspose;
            if (uses.putIfAbsent(init, new Use(n, storedInOut)) != null) {
                extraUses.merge(init, 1, Integer::sum);
            }
        }
        extraUses.forEach((name, count) -> notes.add("weight " + name + " is shared by " + (count + 1)
                + " nodes; it is named after " + uses.get(name).node().name()));
        return uses;
    }

    /** Gemm's bias input C, when it is an initializer, takes the layer's module name too. */
    private static Map<String, OnnxNode> findGemmBiases(
            OnnxModel model, Map<String, OnnxTensor> byName, Map<String, Use> weightUse) {
        Map<String, OnnxNode> biases = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            if (isDefaultDomain(n) && n.opType().equals("Gemm") && n.input(2).isPresent()) {
                String c = n.input(2).get();
                if (byName.containsKey(c) && !weightUse.containsKey(c)) {
                    biases.putIfAbsent(c, n);
                }
            }
        }
        return biases;
    }

    private static boolean needsRename(OnnxTensor t, Map<String, Use> weightUse, Map<String, OnnxNode> gemmBias) {
        return (weightUse.containsKey(t.name()) || gemmBias.containsKey(t.name())) && !OnnxNaming.isMeaningful(t.name());
    }

    private static boolean isLinearCandidate(OnnxTensor t) {
        Optional<DType> dtype = t.dataType().flatMap(OnnxDataType::dtype);
        return t.rank() == 2 && t.dim(0) > 0 && t.dim(1) > 0 && t.dim(0) <= Integer.MAX_VALUE
                && t.dim(1) <= Integer.MAX_VALUE && dtype.isPresent() && dtype.get().isComputable();
    }

    private static String fallbackModule(String initializerName) {
        String s = OnnxNaming.sanitize(initializerName);
        return s.isEmpty() ? "linear" : s;
    }

    private static boolean isDefaultDomain(OnnxNode n) {
        return n.domain().isEmpty() || n.domain().equals("ai.onnx");
    }

    private static Optional<String> quantized(OnnxModel model) {
        Map<String, Integer> counts = new TreeMap<>();
        for (OnnxNode n : model.nodes()) {
            if (QUANTIZED_OPS.contains(n.opType())) {
                counts.merge(n.opType(), 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder ops = new StringBuilder();
        counts.forEach((op, c) -> ops.append(ops.length() == 0 ? "" : ", ").append(op).append(" x").append(c));
        return Optional.of("the graph is quantized (" + ops
                + "); pruning quantized ONNX models is not supported yet, open the float32/float16 model instead");
    }
}
