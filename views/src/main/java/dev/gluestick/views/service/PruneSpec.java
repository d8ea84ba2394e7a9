package dev.gluestick.views.service;

import dev.gluestick.model.recover.LayerAnalysis.NmPattern;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Where the pruned weights come from: a built-in pruner, or a checkpoint pruned elsewhere. */
public sealed interface PruneSpec {

    /** Built-in scores. */
    enum Method { MAGNITUDE, WANDA }

    /**
     * @param sparsity target fraction of zeros for unstructured pruning (ignored when pattern is set)
     * @param pattern N:M semi-structured pattern, e.g. 2:4
     * @param calibration Wanda's input-channel norms file (required for WANDA)
     */
    record BuiltIn(Method method, double sparsity, Optional<NmPattern> pattern, Optional<Path> calibration)
            implements PruneSpec {
        public BuiltIn {
            Objects.requireNonNull(method);
            Objects.requireNonNull(pattern);
            Objects.requireNonNull(calibration);
            if (!(sparsity >= 0 && sparsity <= 0.99)) {
                throw new IllegalArgumentException("sparsity must be in [0, 0.99], got " + sparsity);
            }
        }
    }

    /** A pruned checkpoint of the same model, matched tensor by tensor. */
    record External(Path prunedCheckpoint) implements PruneSpec {
        public External {
            Objects.requireNonNull(prunedCheckpoint);
        }
    }

    /** One line for the status bar and reports, e.g. "magnitude 2:4" or "wanda 50%". */
    default String describe() {
        if (this instanceof BuiltIn b) {
            String m = b.method().name().toLowerCase(Locale.ROOT);
            return b.pattern().map(p -> m + " " + p)
                    .orElseGet(() -> String.format(Locale.ROOT, "%s %.0f%%", m, b.sparsity() * 100));
        }
        Path p = ((External) this).prunedCheckpoint();
        return "external " + (p.getFileName() == null ? p : p.getFileName());
    }
}
