package dev.gluestick.samples.expert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.samples.world.EpisodeSpec;
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
