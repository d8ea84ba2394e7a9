package dev.gluestick.views.jobs;

/** The body of a background job. Cancellation arrives as a thread interrupt. */
@FunctionalInterface
public interface Work<T> {
    T run(JobContext context) throws Exception;
}
