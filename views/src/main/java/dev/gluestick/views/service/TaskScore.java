package dev.gluestick.views.service;

/** Task-level accuracy, the paper's two metrics. Rates in [0, 1]. */
public record TaskScore(double successRate, double unsafeRate, int episodes) {
    public TaskScore {
        if (!(successRate >= 0 && successRate <= 1 && unsafeRate >= 0 && unsafeRate <= 1) || episodes < 0) {
            throw new IllegalArgumentException("not a task score: " + successRate + ", " + unsafeRate + ", " + episodes);
        }
    }
}
