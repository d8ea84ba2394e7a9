package dev.gluestick.views.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;

/**
 * Runs jobs as {@link Task}s on named daemon threads ("gluestick-job-N"). Task's own progress
 * and message properties are bound into the {@link Job}; a failure ends in the one failure
 * handler (the error dialog), a cancel interrupts the worker and drops the result.
 */
public final class FxJobExecutor implements JobExecutor, AutoCloseable {

    private final Consumer<String> failureHandler;
    private final ExecutorService threads;
    private final ReadOnlyObjectWrapper<Job> current = new ReadOnlyObjectWrapper<>(this, "currentJob");
    /** Jobs still running, oldest first; touched on the FX thread only. */
    private final java.util.List<Job> running = new java.util.ArrayList<>();

    public FxJobExecutor(Consumer<String> failureHandler) {
        this.failureHandler = failureHandler;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gluestick-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> Job submit(String title, Work<T> work, Consumer<? super T> onSuccess) {
        Job job = new Job(title);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                JobContext ctx = new JobContext() {
                    @Override
                    public void progress(long done, long total) {
                        if (total > 0) {
                            updateProgress(done, total);
                        }
                    }

                    @Override
                    public void message(String text) {
                        updateMessage(text);
                    }

                    @Override
                    public void publish(Runnable update) {
                        Platform.runLater(() -> {
                            if (!isCancelled()) {
                                update.run();
                            }
                        });
                    }
                };
                return work.run(ctx);
            }
        };
        job.progressWrapper().bind(task.progressProperty());
        job.messageWrapper().bind(task.messageProperty());
        job.setCanceller(() -> task.cancel(true));
        task.setOnSucceeded(e -> {
            finish(job, Job.State.SUCCEEDED);
            onSuccess.accept(task.getValue());
        });
        task.setOnCancelled(e -> finish(job, Job.State.CANCELLED));
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            // The engine answers an interrupt with InterruptedException or CancellationException: a cancel, not a failure.
            if (ex instanceof InterruptedException || ex instanceof java.util.concurrent.CancellationException) {
                finish(job, Job.State.CANCELLED);
                return;
            }
            finish(job, Job.State.FAILED);
            failureHandler.accept(ErrorMessages.describe(ex));
        });
        running.add(job);
        current.set(job);
        threads.submit(task);
        return job;
    }

    private void finish(Job job, Job.State state) {
        job.progressWrapper().unbind();
        job.messageWrapper().unbind();
        job.setState(state);
        running.remove(job);
        // The status bar follows the newest job still running, so "busy" stays true until all are done.
        current.set(running.isEmpty() ? null : running.get(running.size() - 1));
    }

    @Override
    public ReadOnlyObjectProperty<Job> currentJob() {
        return current.getReadOnlyProperty();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
