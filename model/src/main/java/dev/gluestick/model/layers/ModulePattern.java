package dev.gluestick.model.layers;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One include/exclude pattern over module paths, in the spirit of PEFT's {@code target_modules}.
 *
 * <ul>
 *   <li>Without wildcards, the pattern matches a module path equal to it or ending in
 *       {@code "." + pattern}: {@code q_proj} matches {@code model.layers.0.self_attn.q_proj}, and so
 *       does {@code self_attn.q_proj} (PEFT's list-of-names rule).
 *   <li>With {@code *} (any run of characters, dots included) or {@code ?} (one character), the
 *       glob must match the whole module path: {@code model.layers.1?.mlp.*}.
 * </ul>
 */
public record ModulePattern(String pattern) {

    public ModulePattern {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("empty module pattern");
        }
    }

    public boolean matches(String modulePath) {
        if (!isGlob()) {
            return modulePath.equals(pattern) || modulePath.endsWith("." + pattern);
        }
        return toRegex().matcher(modulePath).matches();
    }

    private boolean isGlob() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    private Pattern toRegex() {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
