package dev.gluestick.views.episode;

import dev.gluestick.model.tradeoff.Allocation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in runnable model for view-model tests: in every episode the dense policy drives
 * straight to the target in 10 steps; the pruned one crashes after 5 steps in even episodes (and
 * behaves like dense in odd ones); the recovered one succeeds in 12 steps once its ranks sum to at
 * least 8 and crashes after 4 steps below that. Counts its trace calls.
 */
final class LineWorld implements EpisodeSource {

    static final int EPISODES = 6;
    final Map<PolicyVariant, Integer> traceCalls = new EnumMap<>(PolicyVariant.class);

    @Override
    public String description() {
        return "line world, " + EPISODES + " episodes";
    }

    @Override
    public int episodeCount() {
        return EPISODES;
    }

    @Override
    public EpisodeScene scene(int episode) {
        return new EpisodeScene(episode, 100 + episode, "go to the red marker", 10, 0.25, 0.6,
                List.of(new EpisodeScene.Wall(0, 0, 10, 0)), List.of(new EpisodeScene.Disc(5, 8, 0.5)),
                List.of(new EpisodeScene.Box(1, 1, 2, 2)),
                List.of(new EpisodeScene.Beacon("red", 9, 5, 0.25, true), new EpisodeScene.Beacon("blue", 1, 9, 0.25, false)),
                1, 5, 0);
    }

    @Override
    public synchronized Trajectory trace(int episode, PolicyVariant variant, Allocation recovered) {
        traceCalls.merge(variant, 1, Integer::sum);
        return switch (variant) {
            case DENSE -> line(variant, 10, 0.8, 0, EpisodeEnd.SUCCESS);
            case PRUNED -> episode % 2 == 0 ? line(variant, 5, 0, 0.8, EpisodeEnd.COLLISION)
                    : line(variant, 10, 0.8, 0, EpisodeEnd.SUCCESS);
            case RECOVERED -> sum(recovered) >= 8 ? line(variant, 12, 0.66, 0, EpisodeEnd.SUCCESS)
                    : line(variant, 4, 0, -1, EpisodeEnd.COLLISION);
        };
    }

    private static int sum(Allocation a) {
        int s = 0;
        for (int r : a.ranks()) {
            s += r;
        }
        return s;
    }

    private static Trajectory line(PolicyVariant v, int steps, double dx, double dy, EpisodeEnd end) {
        double[] x = new double[steps + 1];
        double[] y = new double[steps + 1];
        double[] th = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            x[i] = 1 + i * dx;
            y[i] = 5 + i * dy;
            th[i] = Math.atan2(dy, dx);
        }
        return new Trajectory(v, x, y, th, end);
    }

    @Override
    public List<EpisodeEnd> outcomes(PolicyVariant variant) {
        List<EpisodeEnd> out = new ArrayList<>();
        for (int e = 0; e < EPISODES; e++) {
            out.add(trace(e, variant, null).end());
        }
        return out;
    }
}
