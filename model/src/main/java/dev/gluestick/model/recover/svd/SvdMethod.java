package dev.gluestick.model.recover.svd;

/** How a top-k SVD was computed; see docs/decisions/0001-top-k-svd.md for the measurements. */
public enum SvdMethod {
    /**
     * Gram matrix of the smaller side ({@code ssyrk}), its top {@code k + p} eigenvectors
     * ({@code ssyevr}), then Rayleigh-Ritz refinement with G itself until every wanted singular
     * value passes a residual test. The default.
     */
    GRAM_RITZ,
    /** LAPACK {@code sgesvdx}, range 'I': bidiagonalization, then only the top k by bisection. */
    GESVDX,
    /** LAPACK {@code sgesdd}: the full thin SVD (divide and conquer), truncated to k. The reference. */
    GESDD
}
