package dev.gluestick.views.rank;

/** What the rank slider sets. */
public enum RankMode {
    UNIFORM("Uniform rank"),
    ENERGY("Energy target"),
    BUDGET("Memory budget");

    private final String label;

    RankMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
