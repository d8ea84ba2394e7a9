package dev.gluestick.samples.eval;

import dev.gluestick.samples.world.EpisodeSpec;
import java.util.List;

/**
 * A whole episode for the viewer: the world geometry and start (in {@code spec}), every step, and
 * the result. Step 0 of {@code steps} is the first step taken; the start pose is {@code
 * spec.start()}.
 */
public record EpisodeTrace(EpisodeSpec spec, List<TraceStep> steps, EpisodeResult result) {

    public EpisodeTrace {
        steps = List.copyOf(steps);
    }
}
