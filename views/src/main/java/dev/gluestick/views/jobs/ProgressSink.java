package dev.gluestick.views.jobs;

/**
 * A plain progress callback the engine can call from any thread. The job that owns it forwards
 * the numbers to bound properties on the UI thread: progress is bound, never pushed.
 */
public interface ProgressSink {

    /** A sink that drops everything, for calls whose progress nobody shows. */
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void progress(long done, long total) {}

        @Override
        public void message(String text) {}
    };

    void progress(long done, long total);

    void message(String text);
}
