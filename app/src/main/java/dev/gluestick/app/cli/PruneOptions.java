package dev.gluestick.app.cli;

import dev.gluestick.model.InputException;
import dev.gluestick.model.layers.LayerSelection;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.model.recover.PruneSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by prune, analyze and recover: the model, where Wp comes from, which layers. */
final class PruneOptions {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Dense checkpoint: .safetensors file, Hugging Face folder, or .onnx.")
    Path model;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--prune", paramLabel = "METHOD", description = "Built-in pruner: magnitude or wanda.")
    String method;

    @Option(names = "--sparsity", paramLabel = "S", description = "Unstructured target sparsity in [0, 0.99], e.g. 0.5.")
    Double sparsity;

    @Option(names = "--nm", paramLabel = "N:M", description = "Semi-structured pattern, e.g. 2:4 or 4:8.")
    String nm;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Wanda input-channel norms: safetensors file, module path -> float32[d_in].")
    Path calibration;

    @Option(names = "--pruned", paramLabel = "PATH",
            description = "Take the pruned weights from this checkpoint (same model, pruned elsewhere).")
    Path pruned;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Only these modules (repeatable): a name like q_proj, or a glob over the module path.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip these modules (repeatable).")
    List<String> exclude = new ArrayList<>();

    PruneSource source() {
        if (pruned != null) {
            if (method != null || sparsity != null || nm != null || calibration != null) {
                throw new InputException("--pruned takes the pruned weights as they are; drop --prune/--sparsity/--nm/--calibration");
            }
            return new PruneSource.External(pruned);
        }
        if (method == null) {
            throw new InputException("say how to prune: --prune magnitude|wanda (with --sparsity S or --nm N:M), or --pruned PATH");
        }
        return new PruneSource.BuiltIn(PruneMethod.parse(method, sparsity, nm), Optional.ofNullable(calibration));
    }

    LayerSelection selection() {
        return LayerSelection.of(include, exclude);
    }
}
