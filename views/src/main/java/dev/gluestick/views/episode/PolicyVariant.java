package dev.gluestick.views.episode;

/** The three policies the viewer overlays on one episode. */
public enum PolicyVariant {
    /** The unpruned checkpoint. */
    DENSE("dense"),
    /** The pruned weights with no correction (rank 0 everywhere). */
    PRUNED("pruned"),
    /** The pruned weights plus the correction at the window's current allocation, applied factored. */
    RECOVERED("recovered");

    private final String label;

    PolicyVariant(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
