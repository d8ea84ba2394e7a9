package dev.gluestick.samples.eval;

import dev.gluestick.samples.world.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-loop results over an episode set: the paper's two metrics (success rate and unsafe rate)
 * plus mean episode length and the count of every outcome.
 */
public record EvalSummary(List<EpisodeResult> episodes) {

    public EvalSummary {
        episodes = List.copyOf(episodes);
    }

    public int count() {
        return episodes.size();
    }

    public double successRate() {
        return rate(EpisodeResult::success);
    }

    public double unsafeRate() {
        return rate(EpisodeResult::unsafe);
    }

    public double meanSteps() {
        return episodes.stream().mapToInt(EpisodeResult::steps).average().orElse(0);
    }

    public Map<Outcome, Integer> outcomes() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (EpisodeResult r : episodes) {
            m.merge(r.outcome(), 1, Integer::sum);
        }
        return m;
    }

    private double rate(java.util.function.Predicate<EpisodeResult> p) {
        return episodes.isEmpty() ? 0 : episodes.stream().filter(p).count() / (double) episodes.size();
    }
}
