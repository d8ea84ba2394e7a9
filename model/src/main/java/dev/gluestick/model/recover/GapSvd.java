package dev.gluestick.model.recover;

import dev.gluestick.model.recover.svd.Correction;
import dev.gluestick.model.recover.svd.SingularValues;
import dev.gluestick.model.recover.svd.SvdResult;
import dev.gluestick.model.recover.svd.TopSvd;

/** The engine's view of the top-k SVD: singular values, exact total energy and rank-k factors. */
final class GapSvd {

    private GapSvd() {}

    record Result(float[] singularValues, double totalEnergy, Correction factors) {}

    static Result topK(float[] g, int rows, int cols, int k) {
        if (k == 0) {
            // R_max 0 (pruning only): the gap's energy is all the trade-off needs.
            return new Result(new float[0], Weights.squaredNorm(g), new Correction(rows, cols, 0, new float[0], new float[0]));
        }
        SvdResult r = TopSvd.compute(g, rows, cols, k);
        Correction c = r.correction(r.k());
        return new Result(r.s(), r.totalEnergy(), c);
    }

    static Result topKValues(float[] m, int rows, int cols, int k) {
        if (k == 0) {
            return new Result(new float[0], Weights.squaredNorm(m), new Correction(rows, cols, 0, new float[0], new float[0]));
        }
        SingularValues v = TopSvd.values(m, rows, cols, k);
        return new Result(v.s(), v.totalEnergy(), null);
    }
}
