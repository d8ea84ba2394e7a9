package dev.gluestick.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.prune.Pruner;
import dev.gluestick.samples.eval.EvalSummary;
import dev.gluestick.samples.eval.Evaluator;
import dev.gluestick.samples.policy.NavPolicyConfig;
import dev.gluestick.samples.policy.PolicyCheckpoint;
import dev.gluestick.samples.policy.PolicyWeights;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checkpoint in samples/nav-policy: it loads, drives well, and breaks under 2:4 pruning. */
class ShippedSampleTest {

    private static PolicyWeights shipped() {
        Path dir = BundledSample.locate().orElseThrow(() -> new AssertionError("samples/nav-policy not found"));
        return PolicyCheckpoint.load(dir);
    }

    @Test
    void shippedPolicyHasTheDocumentedArchitecture() {
        PolicyWeights w = shipped();
        assertThat(w.config()).isEqualTo(NavPolicyConfig.DEFAULT);
        assertThat(w.config().linearWeightCount()).isEqualTo(1_009_920);
    }

    @Test
    void shippedPolicyDrivesWellAndBreaksUnder24MagnitudePruning() {
        PolicyWeights dense = shipped();
        Pruner pruner = new Pruner(new PruneMethod.MagnitudeNM(new NMPattern(2, 4)));
        PolicyWeights pruned = dense.mapWeights(l -> pruner.prune(l.module(), l.weight(), l.rows(), l.cols(), null));
        EvalSummary d = Evaluator.evaluate(dense, 40, dev.gluestick.samples.expert.EpisodeGenerator.EVALUATION_SEED,
                Evaluator.Progress.NONE);
        EvalSummary p = Evaluator.evaluate(pruned, 40, dev.gluestick.samples.expert.EpisodeGenerator.EVALUATION_SEED,
                Evaluator.Progress.NONE);
        // Deterministic: the first 40 evaluation episodes, the shipped weights.
        assertThat(d.successRate()).isGreaterThanOrEqualTo(0.8);
        assertThat(p.successRate()).isLessThan(d.successRate() - 0.3);
        assertThat(p.unsafeRate()).isGreaterThan(d.unsafeRate() + 0.2);
    }
}
