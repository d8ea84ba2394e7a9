package dev.gluestick.model.recover;

import dev.gluestick.model.prune.PruneMethod;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the pruned weights come from: a built-in pruner, or a checkpoint pruned elsewhere. */
public sealed interface PruneSource {

    /** Prune here with one of the built-in methods (Wanda needs a calibration file). */
    record BuiltIn(PruneMethod method, Optional<Path> calibration) implements PruneSource {
        public BuiltIn {
            Objects.requireNonNull(method);
            Objects.requireNonNull(calibration);
        }
    }

    /** An already pruned copy of the same model (SparseGPT, a vendor tool...), matched by name. */
    record External(Path prunedCheckpoint) implements PruneSource {
        public External {
            Objects.requireNonNull(prunedCheckpoint);
        }
    }

    default String describe() {
        if (this instanceof BuiltIn b) {
            return b.method().describe() + b.calibration().map(c -> " (calibration " + c.getFileName() + ")").orElse("");
        }
        return "external pruned checkpoint " + ((External) this).prunedCheckpoint();
    }
}
