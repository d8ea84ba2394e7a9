package dev.gluestick.views.service;

import java.util.List;
import java.util.Objects;

/**
 * What to analyze: the pruning, which layers (glob patterns over module paths; empty include
 * means every prunable linear layer), and how many singular values per layer.
 */
public record AnalysisRequest(PruneSpec prune, List<String> include, List<String> exclude, int maxRank) {

    public AnalysisRequest {
        Objects.requireNonNull(prune);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (maxRank < 1) {
            throw new IllegalArgumentException("max rank must be at least 1, got " + maxRank);
        }
    }
}
