package dev.gluestick.model.recover;

/**
 * How long work reports progress: a plain callback, so the core knows nothing of threads or UI.
 * The window forwards it to a Task's updateProgress; the command line draws a bar on stderr.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total, message) -> {};

    /**
     * @param done units finished so far (layers, tensors, bytes: the caller says)
     * @param total units in all
     * @param message what is happening now, e.g. the layer name
     */
    void update(long done, long total, String message);
}
