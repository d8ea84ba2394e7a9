package dev.gluestick.model.layers;

import java.util.List;

/**
 * Which linear layers to work on.
 *
 * @param include when non-empty, only modules matching one of these (and the default name-based
 *     exclusions of embeddings, norms and {@code lm_head} no longer apply: naming a module asks for
 *     it); when empty, every linear weight except those defaults
 * @param exclude modules matching any of these are dropped, always
 */
public record LayerSelection(List<ModulePattern> include, List<ModulePattern> exclude) {

    public static final LayerSelection DEFAULT = new LayerSelection(List.of(), List.of());

    public LayerSelection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** From raw strings, e.g. command-line options. */
    public static LayerSelection of(List<String> include, List<String> exclude) {
        return new LayerSelection(
                include.stream().map(ModulePattern::new).toList(),
                exclude.stream().map(ModulePattern::new).toList());
    }
}
