package dev.gluestick.samples.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.samples.policy.PolicyWeights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void trainingIsDeterministicForASeed() {
        List<String> log = new ArrayList<>();
        PolicyWeights a = new Trainer(TrainConfig.tiny(5), log::add).train();
        PolicyWeights b = new Trainer(TrainConfig.tiny(5), s -> {}).train();
        PolicyWeights c = new Trainer(TrainConfig.tiny(6), s -> {}).train();
        for (int l = 0; l < a.layers().size(); l++) {
            assertThat(b.layers().get(l).weight()).containsExactly(a.layers().get(l).weight());
            assertThat(b.layers().get(l).bias()).containsExactly(a.layers().get(l).bias());
        }
        assertThat(c.layers().get(0).weight()).isNotEqualTo(a.layers().get(0).weight());
        assertThat(log).anyMatch(s -> s.startsWith("dagger round 1"));
    }
}
