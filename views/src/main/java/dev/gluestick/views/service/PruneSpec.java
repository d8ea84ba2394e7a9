package dev.gluestick.views.service;

import dev.gluestick.model.prune.PruneMethod;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the pruned weights come from: a built-in pruner, or a checkpoint pruned elsewhere. (It
 * mirrors the engine's prune source, so the service maps one to the other field by field.)
 */
public sealed interface PruneSpec {

    /** Prune here; Wanda needs the calibration norms file. */
    record BuiltIn(PruneMethod method, Optional<Path> calibration) implements PruneSpec {
        public BuiltIn {
            Objects.requireNonNull(method);
            Objects.requireNonNull(calibration);
        }
    }

    /** A pruned checkpoint of the same model, matched tensor by tensor. */
    record External(Path prunedCheckpoint) implements PruneSpec {
        public External {
            Objects.requireNonNull(prunedCheckpoint);
        }
    }

    /** One line for the status bar and reports, e.g. "magnitude 2:4". */
    default String describe() {
        if (this instanceof BuiltIn b) {
            return b.method().describe();
        }
        Path p = ((External) this).prunedCheckpoint();
        return "external " + (p.getFileName() == null ? p : p.getFileName());
    }
}
