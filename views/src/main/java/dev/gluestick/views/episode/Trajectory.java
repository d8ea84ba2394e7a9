package dev.gluestick.views.episode;

import java.util.Objects;

/**
 * One policy's run through an episode: the pose before the first step (index 0) and after every
 * step (index k after k steps), and how it ended.
 */
public record Trajectory(PolicyVariant variant, double[] x, double[] y, double[] theta, EpisodeEnd end) {

    public Trajectory {
        Objects.requireNonNull(variant);
        Objects.requireNonNull(end);
        if (x.length == 0 || x.length != y.length || x.length != theta.length) {
            throw new IllegalArgumentException("trajectory arrays must be non-empty and of equal length");
        }
        x = x.clone();
        y = y.clone();
        theta = theta.clone();
    }

    /** Steps taken (the episode's length). */
    public int steps() {
        return x.length - 1;
    }

    /** The pose index shown at time {@code step}: the last pose once the episode has ended. */
    public int poseAt(int step) {
        return Math.max(0, Math.min(step, steps()));
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double theta(int i) {
        return theta[i];
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }
}
