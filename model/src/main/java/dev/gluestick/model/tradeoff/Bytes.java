package dev.gluestick.model.tradeoff;

import dev.gluestick.model.InputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-readable byte sizes, both ways (binary units: 1 GiB = 1024^3 bytes). */
public final class Bytes {

    private static final Pattern SIZE = Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\\s*");

    private Bytes() {}

    public static String human(long bytes) {
        double b = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (Math.abs(b) >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", b, units[u]);
    }

    /** Parses "3.5GiB", "800 MB", "123456" (bytes). Decimal and binary suffixes both mean 1024-based. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new InputException("not a size: '" + text + "' (examples: 3.5GiB, 800MB, 1234567)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long mult = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1L;
        };
        double bytes = v * mult;
        if (bytes >= Long.MAX_VALUE) {
            throw new InputException("size too large: '" + text + "'");
        }
        return Math.round(bytes);
    }
}
