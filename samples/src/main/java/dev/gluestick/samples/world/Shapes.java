package dev.gluestick.samples.world;

/**
 * The obstacle shapes of the world and the two exact queries every shape answers: the distance
 * from a point to the shape (0 inside) and the distance along a ray to its first hit.
 *
 * <p>Distances are exact (no rasterisation), so a disc of radius {@code R} at {@code p} touches
 * the shape exactly when {@code distance(p) < R}.
 */
public final class Shapes {

    private Shapes() {}

    /** A round obstacle. */
    public record Circle(double x, double y, double r) {
        public Circle {
            if (!(r > 0)) {
                throw new IllegalArgumentException("circle radius must be positive: " + r);
            }
        }
    }

    /** An axis-aligned box obstacle. */
    public record Box(double minX, double minY, double maxX, double maxY) {
        public Box {
            if (!(maxX > minX && maxY > minY)) {
                throw new IllegalArgumentException("empty box");
            }
        }
    }

    /** A thin wall from (x0, y0) to (x1, y1). */
    public record Segment(double x0, double y0, double x1, double y1) {}

    /** A coloured landmark (a tall beacon, visible over obstacles; not solid). */
    public record Landmark(Colour colour, double x, double y) {}

    public static double distance(Circle c, double px, double py) {
        return Math.max(0, Math.hypot(px - c.x(), py - c.y()) - c.r());
    }

    public static double distance(Box b, double px, double py) {
        double dx = Math.max(Math.max(b.minX() - px, 0), px - b.maxX());
        double dy = Math.max(Math.max(b.minY() - py, 0), py - b.maxY());
        return Math.hypot(dx, dy);
    }

    public static double distance(Segment s, double px, double py) {
        double vx = s.x1() - s.x0();
        double vy = s.y1() - s.y0();
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : ((px - s.x0()) * vx + (py - s.y0()) * vy) / len2;
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(px - (s.x0() + t * vx), py - (s.y0() + t * vy));
    }

    /** Distance along the unit ray (ox, oy) + t (dx, dy) to the circle, or +inf; 0 from inside. */
    public static double rayHit(Circle c, double ox, double oy, double dx, double dy) {
        double cx = c.x() - ox;
        double cy = c.y() - oy;
        double b = cx * dx + cy * dy;
        double k = cx * cx + cy * cy - c.r() * c.r();
        if (k <= 0) {
            return 0;
        }
        double disc = b * b - k;
        if (b <= 0 || disc < 0) {
            return Double.POSITIVE_INFINITY;
        }
        return b - Math.sqrt(disc);
    }

    /** Slab test; 0 from inside. */
    public static double rayHit(Box box, double ox, double oy, double dx, double dy) {
        double tMin = 0;
        double tMax = Double.POSITIVE_INFINITY;
        if (Math.abs(dx) < 1e-12) {
            if (ox < box.minX() || ox > box.maxX()) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (box.minX() - ox) / dx;
            double t2 = (box.maxX() - ox) / dx;
            tMin = Math.max(tMin, Math.min(t1, t2));
            tMax = Math.min(tMax, Math.max(t1, t2));
        }
        if (Math.abs(dy) < 1e-12) {
            if (oy < box.minY() || oy > box.maxY()) {
                return Double.POSITIVE_INFINITY;
            }
        } else {
            double t1 = (box.minY() - oy) / dy;
            double t2 = (box.maxY() - oy) / dy;
            tMin = Math.max(tMin, Math.min(t1, t2));
            tMax = Math.min(tMax, Math.max(t1, t2));
        }
        return tMin <= tMax ? tMin : Double.POSITIVE_INFINITY;
    }

    public static double rayHit(Segment s, double ox, double oy, double dx, double dy) {
        double ex = s.x1() - s.x0();
        double ey = s.y1() - s.y0();
        double denom = dx * ey - dy * ex;
        if (Math.abs(denom) < 1e-12) {
            return Double.POSITIVE_INFINITY; // parallel: a thin wall seen edge-on has no area
        }
        double wx = s.x0() - ox;
        double wy = s.y0() - oy;
        double t = (wx * ey - wy * ex) / denom;
        double u = (wx * dy - wy * dx) / denom;
        return t >= 0 && u >= 0 && u <= 1 ? t : Double.POSITIVE_INFINITY;
    }
}
