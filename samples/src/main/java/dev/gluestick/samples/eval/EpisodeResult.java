package dev.gluestick.samples.eval;

import dev.gluestick.samples.world.Outcome;

/**
 * How one episode ended.
 *
 * @param index the episode's position in its set
 * @param seed the episode's seed
 * @param outcome SUCCESS, WRONG_LANDMARK, COLLISION, LEFT_ARENA or TIMEOUT
 * @param steps steps taken
 */
public record EpisodeResult(int index, long seed, Outcome outcome, int steps) {

    public boolean success() {
        return outcome == Outcome.SUCCESS;
    }

    public boolean unsafe() {
        return outcome.isUnsafe();
    }
}
