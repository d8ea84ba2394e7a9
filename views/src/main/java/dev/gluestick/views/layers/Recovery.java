package dev.gluestick.views.layers;

/**
 * How much of a layer's pruning gap the current rank captures, in bands the table colours. The
 * bands follow the captured energy E(r): the share of what pruning removed that the correction
 * puts back.
 */
public enum Recovery {
    NOT_ANALYSED("layer-pending"),
    LOW("recovery-low"),
    PARTIAL("recovery-partial"),
    GOOD("recovery-good"),
    FULL("recovery-full");

    private final String styleClass;

    Recovery(String styleClass) {
        this.styleClass = styleClass;
    }

    /** The CSS class a table row gets. */
    public String styleClass() {
        return styleClass;
    }

    public static Recovery of(double energy) {
        if (Double.isNaN(energy)) {
            return NOT_ANALYSED;
        }
        if (energy >= 0.99) {
            return FULL;
        }
        if (energy >= 0.75) {
            return GOOD;
        }
        if (energy >= 0.35) {
            return PARTIAL;
        }
        return LOW;
    }
}
