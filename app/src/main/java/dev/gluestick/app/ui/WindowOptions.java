package dev.gluestick.app.ui;

import java.nio.file.Path;

/**
 * How the window starts.
 *
 * @param open a checkpoint to open instead of the bundled sample (null: the sample, if any)
 * @param screenshot when set: open, analyze with the prune panel's defaults, move the slider to
 *     {@code rank}, save a snapshot of the window to this PNG and exit
 * @param rank the uniform rank for the snapshot; negative: a quarter of R_max
 * @param state what to snapshot: the window just opened, after the analysis, the export dialog,
 *     or the episode viewer on the first episode the pruned policy fails (bundled sample)
 */
public record WindowOptions(Path open, Path screenshot, int rank, SnapshotState state) {

    public static final WindowOptions DEFAULT = new WindowOptions(null, null, -1, SnapshotState.ANALYSED);

    /** The states a {@code --screenshot} run can capture. */
    public enum SnapshotState { OPENED, ANALYSED, EXPORT, EPISODE }
}
