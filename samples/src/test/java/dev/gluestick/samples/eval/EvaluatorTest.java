package dev.gluestick.samples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gluestick.samples.expert.EpisodeGenerator;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyNetwork;
import dev.gluestick.samples.policy.PolicyWeights;
import dev.gluestick.samples.policy.RandomPolicies;
import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Sensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final NavPolicyConfig SMALL = new NavPolicyConfig(64, 2);

    @Test
    void mergedAndFactoredWeightsDriveTheSameEpisodes() {
        PolicyWeights factored = RandomPolicies.dense(SMALL, 11).withCorrections(RandomPolicies.corrections(SMALL, 8, 12));
        PolicyWeights merged = factored.merged();
        List<EpisodeSpec> episodes = EpisodeGenerator.evaluationSet(6);
        PolicyNetwork mergedNet = new PolicyNetwork(merged);
        float[] obs = new float[Sensor.SIZE];
        float[] a = new float[2];
        int stepsCompared = 0;
        for (EpisodeSpec spec : episodes) {
            EpisodeTrace tf = Evaluator.trace(factored, spec);
            EpisodeTrace tm = Evaluator.trace(merged, spec);
            assertThat(tm.result()).isEqualTo(tf.result());
            // Replay the factored trajectory: at every state the merged net's command matches the
            // command the factored net applied, to 1e-4 in physical units.
            int[] tokens = spec.tokens();
            double x = spec.start().x();
            double y = spec.start().y();
            double th = spec.start().theta();
            double v = 0;
            double w = 0;
            for (TraceStep s : tf.steps()) {
                Sensor.observe(spec.map(), x, y, th, v, w, tokens, obs, 0);
                mergedNet.forward(obs, 0, a);
                assertThat(NavPolicyConfig.speed(a[0])).isCloseTo(s.v(), within(1e-4));
                assertThat(NavPolicyConfig.turnRate(a[1])).isCloseTo(s.omega(), within(1e-4));
                x = s.x();
                y = s.y();
                th = s.theta();
                v = s.v();
                w = s.omega();
                stepsCompared++;
            }
        }
        assertThat(stepsCompared).isGreaterThan(20);
    }

    @Test
    void summaryCountsOutcomesAndReportsProgress() {
        PolicyWeights w = RandomPolicies.dense(SMALL, 3);
        AtomicInteger last = new AtomicInteger();
        EvalSummary s = Evaluator.evaluate(w, 8, EpisodeGenerator.EVALUATION_SEED, (done, total) -> {
            assertThat(total).isEqualTo(8);
            last.accumulateAndGet(done, Math::max);
        });
        assertThat(s.count()).isEqualTo(8);
        assertThat(last.get()).isEqualTo(8);
        assertThat(s.outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(s.successRate() + s.unsafeRate()).isLessThanOrEqualTo(1.0);
        // The same weights and episodes give the same results, whatever the thread interleaving.
        assertThat(Evaluator.evaluate(w, 8, EpisodeGenerator.EVALUATION_SEED, Evaluator.Progress.NONE)).isEqualTo(s);
    }

    @Test
    void traceRecordsEveryStepUpToTheOutcome() {
        EpisodeSpec spec = EpisodeGenerator.evaluationSet(1).get(0);
        EpisodeTrace t = Evaluator.trace(RandomPolicies.dense(SMALL, 4), spec);
        assertThat(t.steps()).hasSize(t.result().steps());
        assertThat(t.steps().get(t.steps().size() - 1).outcome()).isEqualTo(t.result().outcome());
        assertThat(t.steps().subList(0, t.steps().size() - 1)).allMatch(s -> !s.outcome().isTerminal());
    }
}
