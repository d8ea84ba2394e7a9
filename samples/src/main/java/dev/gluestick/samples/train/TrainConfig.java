package dev.gluestick.samples.train;

import dev.gluestick.samples.policy.NavPolicyConfig;

/**
 * Everything that determines a training run; the same config and seed give the same weights.
 *
 * @param architecture the network
 * @param seed seeds weight init, training episodes, shuffling and DAgger rollouts
 * @param demoEpisodes expert-driven episodes for the initial behaviour cloning
 * @param demoEpochs epochs over the demonstrations before the first DAgger round
 * @param daggerRounds DAgger rounds: roll out the policy, relabel its states with the expert, retrain
 * @param daggerEpisodes episodes rolled out per round
 * @param daggerEpochs epochs over the aggregated data after each round
 * @param finalEpochs epochs over all the data after the last round, at the smallest step size
 * @param batchSize minibatch size
 * @param learningRate Adam step size (halved each DAgger round, floored at a tenth)
 */
public record TrainConfig(
        NavPolicyConfig architecture,
        long seed,
        int demoEpisodes,
        int demoEpochs,
        int daggerRounds,
        int daggerEpisodes,
        int daggerEpochs,
        int finalEpochs,
        int batchSize,
        double learningRate) {

    public TrainConfig {
        if (demoEpisodes < 1 || demoEpochs < 1 || daggerRounds < 0 || daggerEpisodes < 0 || daggerEpochs < 0 || finalEpochs < 0
                || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("invalid training config");
        }
    }

    /** The shipped sample's recipe. */
    public static TrainConfig full(long seed) {
        return new TrainConfig(NavPolicyConfig.DEFAULT, seed, 300, 4, 5, 150, 2, 2, 256, 1e-3);
    }

    /** A shorter recipe for a first look (about a quarter of the time). */
    public static TrainConfig quick(long seed) {
        return new TrainConfig(NavPolicyConfig.DEFAULT, seed, 100, 3, 1, 60, 2, 0, 256, 1e-3);
    }

    /** Tiny, for tests: seconds. */
    public static TrainConfig tiny(long seed) {
        return new TrainConfig(new NavPolicyConfig(32, 2), seed, 4, 1, 1, 2, 1, 1, 64, 1e-3);
    }
}
