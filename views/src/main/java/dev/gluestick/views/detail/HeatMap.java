package dev.gluestick.views.detail;

import dev.gluestick.model.recover.WeightBlock;
import javafx.scene.paint.Color;

/**
 * Colours for the mask picture: a kept weight is red (positive) or blue (negative), brighter for
 * larger |w| relative to the block's largest; a pruned weight (zero in Wp, nonzero in W) is
 * near-black, so an N:M pattern shows as a regular grid of dark cells; a weight that was already
 * zero is grey.
 */
public final class HeatMap {

    public static final Color PRUNED = Color.rgb(24, 24, 28);
    public static final Color ZERO = Color.rgb(128, 128, 128);

    private HeatMap() {}

    public static Color[] colours(WeightBlock b) {
        float[] dense = b.dense();
        float[] pruned = b.pruned();
        float max = 0;
        for (float v : dense) {
            max = Math.max(max, Math.abs(v));
        }
        Color[] out = new Color[dense.length];
        for (int i = 0; i < dense.length; i++) {
            out[i] = colour(dense[i], pruned[i], max);
        }
        return out;
    }

    static Color colour(float dense, float pruned, float max) {
        if (pruned == 0) {
            return dense == 0 ? ZERO : PRUNED;
        }
        double t = max == 0 ? 0 : Math.min(1, Math.sqrt(Math.abs(pruned) / max));
        // From a pale tint at small |w| to a saturated colour at the block maximum.
        return pruned > 0
                ? Color.color(1.0, 0.85 - 0.7 * t, 0.8 - 0.7 * t)
                : Color.color(0.8 - 0.7 * t, 0.88 - 0.55 * t, 1.0);
    }
}
