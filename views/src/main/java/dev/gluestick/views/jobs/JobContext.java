package dev.gluestick.views.jobs;

/** What a running job may do besides computing: report progress and hand results to the UI thread. */
public interface JobContext extends ProgressSink {

    /**
     * Runs {@code update} on the UI thread, after everything published before it (the table
     * filling in row by row as layers finish). Synchronous executors run it at once.
     */
    void publish(Runnable update);
}
