package dev.gluestick.views.episode;

import dev.gluestick.model.tradeoff.Allocation;
import java.util.List;

/**
 * Runs a model that can be run (the bundled sample) episode by episode for the viewer. Slow
 * methods run on a worker thread only and answer an interrupt with {@link InterruptedException}.
 */
public interface EpisodeSource {

    /** E.g. "nav-policy, 200 evaluation episodes". */
    String description();

    int episodeCount();

    /** The world of episode {@code episode} (fast). */
    EpisodeScene scene(int episode);

    /**
     * Runs one episode closed-loop.
     *
     * @param recovered the ranks for {@link PolicyVariant#RECOVERED} (ignored for the others)
     */
    Trajectory trace(int episode, PolicyVariant variant, Allocation recovered) throws InterruptedException;

    /** How every episode ends for {@code variant} (DENSE or PRUNED): a whole evaluation, cached. */
    List<EpisodeEnd> outcomes(PolicyVariant variant) throws InterruptedException;
}
