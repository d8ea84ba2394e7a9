package dev.gluestick.model.recover.svd;

import dev.gluestick.model.recover.svd.Lapack.Op;

/**
 * Top-k SVD through the Gram matrix of the smaller side, made accurate by Rayleigh-Ritz.
 *
 * <p>Work on {@code T = G} (tall) or {@code T = G^T} (wide), so T is {@code p x q} with
 * {@code p >= q}; the row-major G buffer read column-major is {@code G^T}, so neither case copies
 * or transposes the big matrix.
 * <ol>
 *   <li>{@code C = T^T T} (q x q, {@code ssyrk}: BLAS-3, half a GEMM) and its top {@code l = k + oversampling(k)}
 *       eigenvectors V ({@code ssyevr}): the reduction to tridiagonal form of a q x q symmetric
 *       matrix is the only memory-bound step, and it is half of what bidiagonalizing G costs.
 *   <li>Float Gram eigenvalues lose relative accuracy like {@code eps * s_1^2 / s_i^2}, and their
 *       vectors mix directions whose squared gaps are below that. So V is only a starting
 *       subspace: {@code Y = T V}, thin SVD {@code Y = U S W^T}, Ritz triplets
 *       {@code (U, S, V W)}. These satisfy {@code T v_i = s_i u_i} exactly, so
 *       {@code ||G - A B||_F^2 = ||G||_F^2 - sum s_i^2} holds for any rank whatever their accuracy.
 *   <li>Accuracy is tested, not assumed: {@code rho_i = ||T^T u_i - s_i v_i|| / sqrt(2)} is the
 *       residual of the pair as an eigenpair of {@code [0 T; T^T 0]}, so some singular value lies
 *       within {@code rho_i}, and within {@code rho_i^2 / gap_i} when it is isolated. Until every
 *       wanted value passes, one subspace-iteration step {@code V = orth(T^T U)} (the residual
 *       GEMM is reused) and repeat. Flat spectra pass at once (the Gram is accurate when
 *       {@code s_1 / s_i} is small); decaying ones converge fast because their gaps are wide.
 *   <li>The accepted subspace is projected once more in double ({@link DoubleRitz}), so the
 *       residual identity survives the cancellation when E(k) is close to 1.
 *   <li>If it has not converged after {@link #MAX_ITERATIONS} steps, fall back to {@code sgesvdx}:
 *       slower, never wrong.
 * </ol>
 */
final class GramRitzSvd {

    /** Accepted error per singular value, relative to it (the product requires 1e-3). */
    static final double TOLERANCE = 1e-4;
    /**
     * Absolute floor relative to {@code s_1}: float LAPACK itself is only accurate to about
     * {@code eps * s_1} absolute, so values below this are noise for every method.
     */
    static final double FLOOR = 1e-6;

    static final int MAX_ITERATIONS = 30;

    private GramRitzSvd() {}

    /** Extra Ritz vectors beyond k: they keep the wanted k away from the subspace's ragged edge. */
    static int oversampling(int k) {
        return Math.max(16, k / 4);
    }

    static SvdResult compute(float[] g, int rows, int cols, int k, double totalEnergy) {
        int q = Math.min(rows, cols);
        int l = Math.min(q, k + oversampling(k));
        Op opTt = rows >= cols ? Op.N : Op.T; // T^T = opTt(B), B = G^T column-major
        try (NativeMatrix b = NativeMatrix.transposeOfRowMajor(g, rows, cols)) {
            NativeMatrix start;
            try (NativeMatrix gram = Lapack.gramUpper(opTt, b)) {
                // The eigenvectors' buffer now belongs to refine(), which closes it; the Gram is freed here.
                start = Lapack.symmetricTop(gram, l, true).vectors();
            }
            return refine(g, rows, cols, k, totalEnergy, b, start, MAX_ITERATIONS);
        }
    }

    /**
     * Rayleigh-Ritz with subspace iteration from the orthonormal columns of {@code start}
     * (q x l, l >= k; closed here), at most {@code maxIterations} steps, then the GESVDX fallback.
     * {@code b} is G^T column-major. Exposed to the package so tests can start from a poor subspace.
     */
    static SvdResult refine(float[] g, int rows, int cols, int k, double totalEnergy, NativeMatrix b, NativeMatrix start,
            int maxIterations) {
        boolean tall = rows >= cols;
        int p = Math.max(rows, cols);
        int q = Math.min(rows, cols);
        int l = start.cols();
        Op opT = tall ? Op.T : Op.N; // T = opT(B)
        Op opTt = tall ? Op.N : Op.T; // T^T = opTt(B)
        NativeMatrix v = start;
        try {
            for (int iteration = 1; iteration <= maxIterations; iteration++) {
                try (NativeMatrix y = NativeMatrix.allocate(p, l)) {
                    Lapack.gemm(opT, Op.N, 1f, b, v, 0f, y);
                    try (Lapack.Svd ritz = Lapack.gesdd(y, true);
                            NativeMatrix vr = NativeMatrix.allocate(q, l)) {
                        Lapack.gemm(Op.N, Op.T, 1f, v, ritz.vt(), 0f, vr);
                        NativeMatrix z = NativeMatrix.allocate(q, l);
                        Lapack.gemm(opTt, Op.N, 1f, b, ritz.u(), 0f, z);
                        if (converged(z, vr, ritz.s(), k)) {
                            z.close();
                            return DoubleRitz.project(g, rows, cols, v, k, totalEnergy, iteration);
                        }
                        v.close();
                        v = z; // one power step: span(T^T T V)
                        Lapack.orthonormalizeColumns(v);
                    }
                }
            }
        } finally {
            v.close();
        }
        SvdResult fallback = TopSvd.compute(g, rows, cols, k, SvdMethod.GESVDX);
        return new SvdResult(rows, cols, fallback.s(), fallback.u(), fallback.vt(), totalEnergy, SvdMethod.GESVDX, maxIterations);
    }

    /**
     * Whether every one of the first k Ritz values passes the residual test. {@code z = T^T U},
     * {@code vr} the Ritz right vectors, {@code theta} the Ritz values (descending).
     */
    static boolean converged(NativeMatrix z, NativeMatrix vr, float[] theta, int k) {
        int q = z.rows();
        int l = theta.length;
        float[] zs = z.toColumnMajor();
        float[] vs = vr.toColumnMajor();
        double floor = FLOOR * theta[0];
        for (int i = 0; i < k; i++) {
            double t = theta[i];
            double sum = 0;
            int off = i * q;
            for (int j = 0; j < q; j++) {
                double d = zs[off + j] - t * vs[off + j];
                sum += d * d;
            }
            double rho = Math.sqrt(sum / 2);
            // Other Ritz values stand in for the neighbouring singular values; zero stands in for
            // the unseen rest of the spectrum below the subspace, so a lone pair gets a finite gap.
            double gap = t;
            for (int j = 0; j < l; j++) {
                if (j != i) {
                    gap = Math.min(gap, Math.abs(t - theta[j]));
                }
            }
            double error = gap > 0 ? Math.min(rho, rho * rho / gap) : rho;
            if (!(error <= TOLERANCE * t + floor)) {
                return false;
            }
        }
        return true;
    }
}
