package dev.gluestick.model.recover;

import dev.gluestick.model.InputException;
import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.prune.CalibrationStats;
import dev.gluestick.model.prune.PrunedCheckpointMatcher;
import dev.gluestick.model.prune.Pruner;
import java.util.List;

/**
 * The pruned weight {@code Wp} of every layer, from whichever {@link PruneSource} the user chose.
 * Built-in pruners are deterministic, so {@code Wp} is recomputed when needed (analysis, then
 * export) instead of being kept: a 7B model's pruned weights would not fit in memory.
 */
public final class PrunedWeights implements AutoCloseable {

    private final PruneSource source;
    private final Pruner pruner;
    private final CalibrationStats calibration;
    private final Checkpoint external;
    private final List<String> warnings;

    private PrunedWeights(PruneSource source, Pruner pruner, CalibrationStats calibration, Checkpoint external,
            List<String> warnings) {
        this.source = source;
        this.pruner = pruner;
        this.calibration = calibration;
        this.external = external;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Opens the calibration file or external checkpoint and checks it against the layers up front,
     * so a mismatch is reported before any long computation starts.
     */
    public static PrunedWeights open(Checkpoint dense, List<LinearLayer> layers, PruneSource source) {
        if (source instanceof PruneSource.BuiltIn b) {
            CalibrationStats stats = null;
            if (b.calibration().isPresent()) {
                try (Checkpoint file = Checkpoints.open(b.calibration().get())) {
                    stats = CalibrationStats.fromCheckpoint(file);
                }
            }
            if (b.method().needsCalibration()) {
                if (stats == null) {
                    throw new InputException(b.method().describe() + " needs input-channel norms: give a calibration file"
                            + " (--calibration FILE; see the README for the PyTorch snippet that makes one)");
                }
                for (LinearLayer l : layers) {
                    stats.normsFor(l);
                }
            }
            return new PrunedWeights(source, new Pruner(b.method()), stats, null, List.of());
        }
        PruneSource.External e = (PruneSource.External) source;
        Checkpoint pruned = Checkpoints.open(e.prunedCheckpoint());
        try {
            PrunedCheckpointMatcher.Pairing pairing = PrunedCheckpointMatcher.pair(dense, pruned, layers);
            List<String> warnings = pairing.warnings().stream().map(PrunedCheckpointMatcher.Warning::message).toList();
            return new PrunedWeights(source, null, null, pruned, warnings);
        } catch (RuntimeException ex) {
            pruned.close();
            throw ex;
        }
    }

    public PruneSource source() {
        return source;
    }

    /** Non-fatal findings about the pruned checkpoint (dtype differences and the like). */
    public List<String> warnings() {
        return warnings;
    }

    /** {@code Wp} for a layer whose dense weights are {@code w} (not modified). */
    public float[] pruned(LinearLayer layer, float[] w) {
        if (pruner != null) {
            return pruner.prune(layer, w, calibration);
        }
        float[] wp = external.readFloats(layer.tensorName());
        int bad = Weights.countNonFinite(wp);
        if (bad > 0) {
            throw new InputException("tensor " + layer.tensorName() + " in " + external.path() + " has " + bad
                    + " NaN or infinite weights");
        }
        return wp;
    }

    /** The external pruned checkpoint, when that is the source. */
    public java.util.Optional<Checkpoint> external() {
        return java.util.Optional.ofNullable(external);
    }

    @Override
    public void close() {
        if (external != null) {
            external.close();
        }
    }
}
