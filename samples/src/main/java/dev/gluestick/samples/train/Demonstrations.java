package dev.gluestick.samples.train;

import java.util.Arrays;

/** A growable set of (observation, expert action target) pairs in flat float arrays. */
final class Demonstrations {

    private final int obsSize;
    private final int actSize;
    private float[] obs;
    private float[] act;
    private int count;

    Demonstrations(int obsSize, int actSize) {
        this.obsSize = obsSize;
        this.actSize = actSize;
        this.obs = new float[obsSize * 1024];
        this.act = new float[actSize * 1024];
    }

    void add(float[] observation, float[] target) {
        if (count * obsSize + obsSize > obs.length) {
            obs = Arrays.copyOf(obs, obs.length * 2);
            act = Arrays.copyOf(act, act.length * 2);
        }
        System.arraycopy(observation, 0, obs, count * obsSize, obsSize);
        System.arraycopy(target, 0, act, count * actSize, actSize);
        count++;
    }

    int count() {
        return count;
    }

    /** Copies the rows at {@code idx[from..to)} into the batch buffers. */
    void gather(int[] idx, int from, int to, float[] obsOut, float[] actOut) {
        for (int k = from; k < to; k++) {
            System.arraycopy(obs, idx[k] * obsSize, obsOut, (k - from) * obsSize, obsSize);
            System.arraycopy(act, idx[k] * actSize, actOut, (k - from) * actSize, actSize);
        }
    }
}
