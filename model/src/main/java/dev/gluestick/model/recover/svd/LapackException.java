package dev.gluestick.model.recover.svd;

/**
 * A LAPACK routine reported failure through its {@code info} code: non-convergence
 * ({@code info > 0}), a workspace it could not allocate, or an argument it rejected (a bug here).
 * The message names the routine, the matrix shape and the code.
 */
public final class LapackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String routine;
    private final int info;

    public LapackException(String routine, int info, String message) {
        super(routine + " failed (info = " + info + "): " + message);
        this.routine = routine;
        this.info = info;
    }

    public String routine() {
        return routine;
    }

    public int info() {
        return info;
    }
}
