package dev.gluestick.model.tradeoff;

import java.util.Locale;

/** How ranks are chosen for every layer. */
public sealed interface RankPolicy {

    /** The same rank r in every layer (the paper's setting), capped at each layer's known spectrum. */
    record Uniform(int rank) implements RankPolicy {
        public Uniform {
            if (rank < 0) {
                throw new IllegalArgumentException("rank must be >= 0, got " + rank);
            }
        }
    }

    /** Per layer, the smallest r whose captured gap energy E(r) reaches the target. */
    record EnergyTarget(double target) implements RankPolicy {
        public EnergyTarget {
            if (!(target >= 0 && target <= 1)) {
                throw new IllegalArgumentException("energy target must be in [0, 1], got " + target);
            }
        }
    }

    /**
     * A total size for the pruned linear layers plus their corrections, in bytes; ranks go where
     * they capture the most gap energy per byte.
     */
    record Budget(long bytes) implements RankPolicy {
        public Budget {
            if (bytes <= 0) {
                throw new IllegalArgumentException("budget must be positive, got " + bytes);
            }
        }
    }

    /** A one-line description for reports and the status bar. */
    default String describe() {
        // Java 17 has no pattern switch; the interface is sealed, so this chain is exhaustive.
        if (this instanceof Uniform u) {
            return "uniform rank " + u.rank();
        } else if (this instanceof EnergyTarget e) {
            return String.format(Locale.ROOT, "energy target %.3f", e.target());
        } else {
            return "memory budget " + Bytes.human(((Budget) this).bytes());
        }
    }
}
