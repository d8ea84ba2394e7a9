package dev.gluestick.app.cli;

import dev.gluestick.model.recover.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * A progress line on stderr: bar, count, what is being worked on, elapsed time and ETA. Redrawn in
 * place on a terminal; on a pipe or CI log, one line at most every few seconds.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 24;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private final String unit;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean drew;

    ProgressBar(PrintWriter err, boolean quiet, String unit) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = System.console() != null;
        this.unit = unit;
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && now - lastPrint < (terminal ? 100_000_000L : 5_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double f = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(f * WIDTH);
        Duration elapsed = Duration.ofNanos(now - start);
        String eta = f > 0.001 && !last ? " ETA " + clock(Duration.ofNanos((long) ((now - start) / f - (now - start)))) : "";
        String line = String.format("[%s%s] %3.0f%% %s %s elapsed %s%s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                f * 100, unit, shorten(message, 48), clock(elapsed), eta);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            if (last) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
        drew = true;
    }

    /** Ends the line if a bar was drawn and the work stopped early (error or cancel). */
    void finish() {
        if (drew && terminal) {
            err.println();
            err.flush();
        }
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
    }
}
