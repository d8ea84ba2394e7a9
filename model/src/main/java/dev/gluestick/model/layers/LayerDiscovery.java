package dev.gluestick.model.layers;

import dev.gluestick.model.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the prunable linear layers among a checkpoint's tensors.
 *
 * <p>A candidate is a 2-D tensor of a computable dtype named {@code <module>.weight}. By default,
 * embeddings ({@code embed*}, {@code wte}, {@code wpe}, {@code *embeddings}), norms (any component
 * containing {@code norm}, or starting with {@code ln_}/equal to {@code ln}) and {@code lm_head}
 * are left out: pruning them is not what GLUESTICK corrects. A {@link LayerSelection} narrows or
 * overrides that choice.
 */
public final class LayerDiscovery {

    private static final String WEIGHT_SUFFIX = ".weight";

    /** Block containers used by Llama ({@code layers}), GPT-2 ({@code h}), BERT ({@code layer}), ViT ({@code blocks}). */
    private static final Pattern BLOCK = Pattern.compile("(?:^|\\.)(?:layers|layer|h|blocks|block)\\.(\\d+)(?:\\.|$)");

    private LayerDiscovery() {}

    public static List<LinearLayer> discover(List<TensorInfo> tensors) {
        return discover(tensors, LayerSelection.DEFAULT);
    }

    /**
     * Linear layers grouped by the path before the block index and ordered by block number
     * (HF files store names alphabetically, which would put {@code layers.10} before
     * {@code layers.2}); otherwise in the order of {@code tensors} (stable).
     */
    public static List<LinearLayer> discover(List<TensorInfo> tensors, LayerSelection selection) {
        List<LinearLayer> out = new ArrayList<>();
        for (TensorInfo t : tensors) {
            if (t.rank() != 2 || !t.dtype().isComputable() || !t.name().endsWith(WEIGHT_SUFFIX)
                    || t.dim(0) <= 0 || t.dim(1) <= 0 || t.dim(0) > Integer.MAX_VALUE || t.dim(1) > Integer.MAX_VALUE) {
                continue;
            }
            String module = t.name().substring(0, t.name().length() - WEIGHT_SUFFIX.length());
            if (module.isEmpty()) {
                continue;
            }
            boolean wanted = selection.include().isEmpty()
                    ? !isExcludedByDefault(module)
                    : selection.include().stream().anyMatch(p -> p.matches(module));
            if (!wanted || selection.exclude().stream().anyMatch(p -> p.matches(module))) {
                continue;
            }
            out.add(new LinearLayer(t.name(), module, (int) t.dim(0), (int) t.dim(1), t.dtype(),
                    blockIndex(module), lastComponent(module)));
        }
        out.sort(Comparator.comparing(LayerDiscovery::blockPrefix)
                .thenComparingInt(l -> l.block().orElse(-1)));
        return out;
    }

    /** The module path up to its block index, or the whole path when it has none. */
    private static String blockPrefix(LinearLayer l) {
        Matcher m = BLOCK.matcher(l.modulePath());
        return m.find() ? l.modulePath().substring(0, m.start(1)) : l.modulePath();
    }

    /** True for embeddings, norms and the output head. */
    public static boolean isExcludedByDefault(String modulePath) {
        for (String raw : modulePath.split("\\.")) {
            String c = raw.toLowerCase(Locale.ROOT);
            if (c.contains("embed") || c.equals("wte") || c.equals("wpe")
                    || c.contains("norm") || c.equals("ln") || c.startsWith("ln_")
                    || c.equals("lm_head")) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code layers.N} / {@code h.N} / {@code layer.N} / {@code blocks.N} index in the path. */
    public static OptionalInt blockIndex(String modulePath) {
        Matcher m = BLOCK.matcher(modulePath);
        if (m.find()) {
            try {
                return OptionalInt.of(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    private static String lastComponent(String modulePath) {
        int dot = modulePath.lastIndexOf('.');
        return dot < 0 ? modulePath : modulePath.substring(dot + 1);
    }
}
