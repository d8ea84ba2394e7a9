package dev.gluestick.views.format;

import dev.gluestick.model.tradeoff.Bytes;
import java.util.Locale;

/** How numbers look in the window: one place, so every panel says the same thing the same way. */
public final class Format {

    private Format() {}

    public static String bytes(long bytes) {
        return Bytes.human(bytes);
    }

    /** 0.4831 -> "48.3 %"; NaN (not analysed yet) -> "". */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** A relative error or ratio such as ||G||/||W||: three significant decimals. */
    public static String ratio(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A Frobenius norm: scientific when tiny or huge. */
    public static String norm(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        double a = Math.abs(value);
        return a != 0 && (a < 0.01 || a >= 1e5)
                ? String.format(Locale.ROOT, "%.3e", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    /** "x 0.48" style multiplier against dense. */
    public static String times(double ratio) {
        return String.format(Locale.ROOT, "%.3f\u00d7", ratio);
    }

    /** Parameter counts: 6.74 B, 125.3 M, 4.2 K. */
    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f B", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1f K", n / 1e3);
        }
        return Long.toString(n);
    }
}
