package dev.gluestick.app.cli;

import dev.gluestick.model.checkpoint.Checkpoint;
import dev.gluestick.model.checkpoint.Checkpoints;
import dev.gluestick.model.layers.LayerDiscovery;
import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.ModelAnalysis;
import dev.gluestick.model.recover.RecoveryEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Opens a checkpoint, selects its layers and runs the engine's analysis with a progress bar. */
final class EngineRun implements AutoCloseable {

    final Checkpoint checkpoint;
    final RecoveryEngine engine;
    final ModelAnalysis analysis;

    private EngineRun(Checkpoint checkpoint, RecoveryEngine engine, ModelAnalysis analysis) {
        this.checkpoint = checkpoint;
        this.engine = engine;
        this.analysis = analysis;
    }

    static EngineRun analyze(PruneOptions prune, int maxRank, PrintWriter err) {
        Checkpoint cp = Checkpoints.open(prune.model);
        RecoveryEngine engine = null;
        try {
            List<LinearLayer> layers = LayerDiscovery.discover(cp.linearCandidates(), prune.selection());
            engine = RecoveryEngine.open(cp, layers, prune.source(), maxRank);
            ProgressBar bar = new ProgressBar(err, prune.quiet, "params");
            ModelAnalysis analysis;
            try {
                analysis = engine.analyze(bar, a -> {});
            } finally {
                bar.finish();
            }
            for (String w : engine.warnings()) {
                err.println("gluestick: warning: " + w);
            }
            return new EngineRun(cp, engine, analysis);
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            cp.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            checkpoint.close();
        }
    }
}
