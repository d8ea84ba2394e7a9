package dev.gluestick.model.io.onnx;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Naming rules: keep an initializer's name when it already reads like a PyTorch parameter path,
 * otherwise recover the module path from the consuming node's scope name, the way the PyTorch
 * exporter writes it ({@code /encoder/layer.0/attention/self/query/MatMul} is module {@code
 * encoder.layer.0.attention.self.query}).
 */
final class OnnxNaming {

    /** Dot-separated identifiers with at least one dot, e.g. {@code encoder.layer.0.output.dense.weight}. */
    private static final Pattern MEANINGFUL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    private static final Pattern BLOCK = Pattern.compile("(?:^|\\.)(?:layers|layer|h|blocks|block)\\.(\\d+)(?:\\.|$)");

    private OnnxNaming() {}

    /** False for exporter-generated names such as {@code onnx::MatMul_787}, {@code val_12} or {@code /x/y}. */
    static boolean isMeaningful(String initializerName) {
        return MEANINGFUL.matcher(initializerName).matches();
    }

    /** The module path from a node's scope name, when the name has a scope (at least one {@code /}). */
    static Optional<String> moduleFromNode(String nodeName) {
        String trimmed = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int last = trimmed.lastIndexOf('/');
        if (last <= 0) {
            return Optional.empty();
        }
        StringBuilder module = new StringBuilder();
        for (String part : trimmed.substring(0, last).split("/")) {
            String clean = sanitize(part);
            if (!clean.isEmpty()) {
                module.append(module.length() == 0 ? "" : ".").append(clean);
            }
        }
        return module.length() == 0 ? Optional.empty() : Optional.of(module.toString());
    }

    /** A usable module path from any string: characters outside {@code [A-Za-z0-9_.]} become {@code _}. */
    static String sanitize(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_.]+", "_").replaceAll("\\.{2,}", ".");
        s = s.replaceAll("^[._]+|[._]+$", "");
        return s;
    }

    /** {@code base} if free, else {@code base} with {@code _2}, {@code _3}... on its module path. */
    static String unique(String module, String suffix, Set<String> taken) {
        String candidate = module + suffix;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = module + "_" + n + suffix;
        }
        return candidate;
    }

    static String modulePath(String tensorName) {
        return tensorName.endsWith(".weight") ? tensorName.substring(0, tensorName.length() - ".weight".length()) : tensorName;
    }

    static OptionalInt block(String modulePath) {
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

    static String sublayer(String modulePath) {
        return modulePath.substring(modulePath.lastIndexOf('.') + 1);
    }
}
