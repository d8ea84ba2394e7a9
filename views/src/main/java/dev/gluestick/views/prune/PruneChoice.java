package dev.gluestick.views.prune;

/** The prune panel's method list: the four built-in pruners and "load a pruned checkpoint". */
public enum PruneChoice {
    MAGNITUDE_NM("Magnitude N:M", false, true, false),
    MAGNITUDE("Magnitude (unstructured)", true, false, false),
    WANDA_NM("Wanda N:M", false, true, true),
    WANDA("Wanda (unstructured)", true, false, true),
    EXTERNAL("External pruned checkpoint", false, false, false);

    private final String label;
    private final boolean usesSparsity;
    private final boolean usesPattern;
    private final boolean usesCalibration;

    PruneChoice(String label, boolean usesSparsity, boolean usesPattern, boolean usesCalibration) {
        this.label = label;
        this.usesSparsity = usesSparsity;
        this.usesPattern = usesPattern;
        this.usesCalibration = usesCalibration;
    }

    public boolean usesSparsity() {
        return usesSparsity;
    }

    public boolean usesPattern() {
        return usesPattern;
    }

    public boolean usesCalibration() {
        return usesCalibration;
    }

    public boolean usesExternal() {
        return this == EXTERNAL;
    }

    @Override
    public String toString() {
        return label;
    }
}
