package dev.gluestick.model.prune;

/**
 * Order statistics on non-negative int keys by radix selection: a few histogram passes over
 * shrinking candidate sets, O(n) with no comparisons and no boxing. Used instead of sorting
 * because pruning needs only the threshold, never the order.
 */
final class RankSelect {

    /** Histogram size for the widest digit (11 bits). */
    static final int HIST = 1 << 11;

    private RankSelect() {}

    /**
     * The key {@code T} of the element of 0-based {@code rank} in ascending key order among
     * {@code keys[0..len)}, and how many keys are strictly below it.
     *
     * @param hist work array of at least {@link #HIST} ints
     * @param scratch work array of at least {@code len} ints; {@code keys} is left unchanged
     * @return {@code (long) T << 32 | below}
     */
    static long select(int[] keys, int len, int rank, int[] hist, int[] scratch) {
        if (rank < 0 || rank >= len) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (len - 1));
        }
        // Digits of a 31-bit key: bits 30..21 (10 used of 11), 20..10, 9..0.
        int[] cand = keys;
        int n = len;
        int below = 0;
        int prefix = 0;
        int[] shifts = {21, 10, 0};
        int[] widths = {11, 11, 10};
        for (int level = 0; level < 3; level++) {
            int shift = shifts[level];
            int mask = (1 << widths[level]) - 1;
            java.util.Arrays.fill(hist, 0, mask + 1, 0);
            for (int i = 0; i < n; i++) {
                hist[(cand[i] >>> shift) & mask]++;
            }
            int b = 0;
            int cum = 0;
            while (cum + hist[b] <= rank) {
                cum += hist[b];
                b++;
            }
            rank -= cum;
            below += cum;
            prefix |= b << shift;
            if (level < 2) {
                // Keep only the keys in the chosen bucket; they share every higher digit already.
                // Branch-free compaction: whether a key is in the bucket is close to a coin flip.
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int k = cand[i];
                    scratch[m] = k;
                    m += ((k >>> shift) & mask) == b ? 1 : 0;
                }
                cand = scratch;
                n = m;
            }
        }
        return ((long) prefix << 32) | (below & 0xffffffffL);
    }
}
