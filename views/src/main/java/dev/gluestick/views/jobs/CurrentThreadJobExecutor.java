package dev.gluestick.views.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Runs every job to completion inside {@link #submit}: view-model tests see the result at once,
 * with no FX toolkit and no sleeping. Failures go to the handler, as in the app.
 */
public final class CurrentThreadJobExecutor implements JobExecutor {

    private final Consumer<String> failureHandler;
    private final ReadOnlyObjectWrapper<Job> current = new ReadOnlyObjectWrapper<>(this, "currentJob");
    private final List<String> titles = new ArrayList<>();

    public CurrentThreadJobExecutor(Consumer<String> failureHandler) {
        this.failureHandler = failureHandler;
    }

    @Override
    public <T> Job submit(String title, Work<T> work, Consumer<? super T> onSuccess) {
        Job job = new Job(title);
        titles.add(title);
        current.set(job);
        JobContext ctx = new JobContext() {
            @Override
            public void progress(long done, long total) {
                job.progressWrapper().set(total <= 0 ? -1 : (double) done / total);
            }

            @Override
            public void message(String text) {
                job.messageWrapper().set(text);
            }

            @Override
            public void publish(Runnable update) {
                update.run();
            }
        };
        try {
            T result = work.run(ctx);
            job.setState(Job.State.SUCCEEDED);
            current.set(null);
            onSuccess.accept(result);
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            job.setState(Job.State.CANCELLED);
            current.set(null);
        } catch (Exception | Error e) {
            job.setState(Job.State.FAILED);
            current.set(null);
            failureHandler.accept(ErrorMessages.describe(e));
        }
        return job;
    }

    @Override
    public ReadOnlyObjectProperty<Job> currentJob() {
        return current.getReadOnlyProperty();
    }

    /** Titles of every job submitted so far, oldest first. */
    public List<String> submittedTitles() {
        return List.copyOf(titles);
    }
}
