package dev.gluestick.views.jobs;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * The one way view-models start long work. In the app it runs {@link javafx.concurrent.Task}s on
 * named daemon threads ({@link FxJobExecutor}); in tests it runs on the calling thread
 * ({@link CurrentThreadJobExecutor}). Either way a failure goes to the executor's single failure
 * handler (one dialog in the app), never to the caller.
 */
public interface JobExecutor {

    /**
     * Starts {@code work}; {@code onSuccess} runs on the UI thread with its result. Must be
     * called on the UI thread.
     *
     * @param title what the status bar says while it runs, e.g. "Analyzing 224 layers"
     */
    <T> Job submit(String title, Work<T> work, Consumer<? super T> onSuccess);

    /** The most recently started job that is still running, or null: the status bar and Cancel bind to it. */
    ReadOnlyObjectProperty<Job> currentJob();
}
