package dev.gluestick.views.episode;

/**
 * Maps world metres (origin lower-left, y up) to canvas pixels (origin top-left, y down): the
 * arena square fitted into a canvas with a margin, centred, aspect kept.
 */
public record Viewport(double scale, double offsetX, double offsetY, double arena) {

    /** The arena fitted into a {@code width x height} canvas with {@code margin} pixels around it. */
    public static Viewport fit(double arena, double width, double height, double margin) {
        double side = Math.max(1, Math.min(width, height) - 2 * margin);
        double scale = side / arena;
        return new Viewport(scale, (width - side) / 2, (height - side) / 2, arena);
    }

    public double px(double x) {
        return offsetX + x * scale;
    }

    public double py(double y) {
        return offsetY + (arena - y) * scale;
    }

    /** A length in metres as pixels. */
    public double len(double metres) {
        return metres * scale;
    }

    /** Canvas x of the end of a heading line of {@code length} metres from (x, y) at angle theta. */
    public double headingX(double x, double theta, double length) {
        return px(x + length * Math.cos(theta));
    }

    public double headingY(double y, double theta, double length) {
        return py(y + length * Math.sin(theta));
    }
}
