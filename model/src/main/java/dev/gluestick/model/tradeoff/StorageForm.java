package dev.gluestick.model.tradeoff;

/** How the pruned base weights are stored on the target: this decides what pruning saves. */
public enum StorageForm {
    /** Zeros stored as zeros: no saving on disk or in RAM. */
    DENSE("dense with zeros"),
    /**
     * N:M semi-structured compressed (NVIDIA's 2:4 layout generalised): the kept values plus
     * ceil(log2 M) bits of position metadata per kept value (2 bits for 2:4).
     */
    NM_COMPRESSED("N:M compressed"),
    /** Unstructured CSR: nonzero values, a column index each, and a row pointer per row. */
    UNSTRUCTURED_SPARSE("sparse (CSR)");

    private final String label;

    StorageForm(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
