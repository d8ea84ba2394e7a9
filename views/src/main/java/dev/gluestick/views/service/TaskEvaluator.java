package dev.gluestick.views.service;

import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.jobs.ProgressSink;

/** Runs the model on its task (the bundled sample's episodes) with a given correction. Slow: worker thread only. */
public interface TaskEvaluator {

    /** E.g. "nav-policy, 200 episodes". */
    String description();

    /** The pruned model with the corrections of {@code allocation} applied. */
    TaskScore evaluate(Allocation allocation, ProgressSink progress) throws Exception;

    /** The dense, unpruned model: the reference line. */
    TaskScore evaluateDense(ProgressSink progress) throws Exception;
}
