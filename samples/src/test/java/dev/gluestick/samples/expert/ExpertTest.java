package dev.gluestick.samples.expert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.samples.world.Colour;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Pose;
import dev.gluestick.samples.world.Shapes.Landmark;
import dev.gluestick.samples.world.WorldMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpertTest {

    @Test
    void expertSolvesEveryEvaluationEpisode() {
        List<EpisodeSpec> eval = EpisodeGenerator.evaluationSet(EpisodeGenerator.EVALUATION_EPISODES);
        assertThat(eval).hasSize(200);
        for (EpisodeSpec spec : eval) {
            assertThat(EpisodeGenerator.expertSolves(spec)).as("episode %d (seed %d)", spec.index(), spec.seed()).isTrue();
        }
    }

    @Test
    void keepsTurningTheWayItTurnsWhenTheGoalIsBehind() {
        WorldMap open = new WorldMap(List.of(), List.of(), List.of(), List.of(
                new Landmark(Colour.RED, 2, 5), new Landmark(Colour.GREEN, 9, 9),
                new Landmark(Colour.BLUE, 9, 1), new Landmark(Colour.YELLOW, 5, 9)));
        EpisodeSpec spec = new EpisodeSpec(0, 0, open, new Pose(6, 5, -0.3), Colour.RED);
        Expert expert = new Expert(spec);
        // Red is behind (heading error -pi + 0.3): from rest the expert turns right, by the sign of
        // the error; already turning left, it keeps turning left.
        double[] fromRest = expert.act(6, 5, -0.3, 0);
        double[] turningLeft = expert.act(6, 5, -0.3, 2.0);
        double[] turningRight = expert.act(6, 5, -0.3, -2.0);
        assertThat(fromRest[1]).isEqualTo(-2.0);
        assertThat(turningLeft[1]).isEqualTo(2.0);
        assertThat(turningRight[1]).isEqualTo(-2.0);
        assertThat(turningLeft[0]).isZero();
        // Facing the goal, it drives at nearly full speed whatever it was doing (the carrot is a
        // grid-cell centre, 0.05 m off the straight line).
        double[] facing = expert.act(6, 5, Math.PI, -2.0);
        assertThat(facing[0]).isGreaterThan(0.9);
        assertThat(Math.abs(facing[1])).isLessThan(1.0); // not the forced full turn
    }

    @Test
    void episodesAreDeterministicForASeedAndDifferAcrossSeeds() {
        List<EpisodeSpec> a = EpisodeGenerator.episodes(7, 5);
        List<EpisodeSpec> b = EpisodeGenerator.episodes(7, 5);
        assertThat(a).isEqualTo(b);
        assertThat(EpisodeGenerator.episodes(8, 5)).isNotEqualTo(a);
    }

    @Test
    void trainingEpisodesNeverRepeatEvaluationEpisodes() {
        List<EpisodeSpec> eval = EpisodeGenerator.evaluationSet(50);
        List<EpisodeSpec> train = EpisodeGenerator.trainingSet(EpisodeGenerator.EVALUATION_SEED, 50);
        for (EpisodeSpec t : train) {
            assertThat(eval).noneMatch(e -> e.seed() == t.seed());
        }
    }
}
