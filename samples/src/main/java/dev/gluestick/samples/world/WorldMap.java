package dev.gluestick.samples.world;

import dev.gluestick.samples.world.Shapes.Box;
import dev.gluestick.samples.world.Shapes.Circle;
import dev.gluestick.samples.world.Shapes.Landmark;
import dev.gluestick.samples.world.Shapes.Segment;
import java.util.List;

/**
 * One layout of the arena: walls (the boundary, possibly with gaps, plus interior walls),
 * obstacles and the four landmarks. Immutable; every query is exact geometry.
 */
public record WorldMap(List<Segment> walls, List<Circle> circles, List<Box> boxes, List<Landmark> landmarks) {

    public WorldMap {
        walls = List.copyOf(walls);
        circles = List.copyOf(circles);
        boxes = List.copyOf(boxes);
        landmarks = List.copyOf(landmarks);
    }

    public Landmark landmark(Colour colour) {
        for (Landmark l : landmarks) {
            if (l.colour() == colour) {
                return l;
            }
        }
        throw new IllegalArgumentException("no " + colour.word() + " landmark in this map");
    }

    /** Distance from the point to the nearest wall or obstacle (0 when inside one). */
    public double clearance(double x, double y) {
        double d = Double.POSITIVE_INFINITY;
        for (int i = 0, n = walls.size(); i < n; i++) {
            d = Math.min(d, Shapes.distance(walls.get(i), x, y));
        }
        for (int i = 0, n = circles.size(); i < n; i++) {
            d = Math.min(d, Shapes.distance(circles.get(i), x, y));
        }
        for (int i = 0, n = boxes.size(); i < n; i++) {
            d = Math.min(d, Shapes.distance(boxes.get(i), x, y));
        }
        return d;
    }

    /** True when a robot disc centred at (x, y) touches a wall or an obstacle. */
    public boolean collides(double x, double y) {
        return clearance(x, y) < WorldParams.ROBOT_RADIUS;
    }

    /** True when the robot's centre is outside the arena square (it drove out through a gap). */
    public static boolean outside(double x, double y) {
        return x < 0 || y < 0 || x > WorldParams.ARENA || y > WorldParams.ARENA;
    }

    /** Distance along the unit ray to the first wall or obstacle, or +inf. */
    public double castRay(double ox, double oy, double dx, double dy) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = 0, n = walls.size(); i < n; i++) {
            t = Math.min(t, Shapes.rayHit(walls.get(i), ox, oy, dx, dy));
        }
        for (int i = 0, n = circles.size(); i < n; i++) {
            t = Math.min(t, Shapes.rayHit(circles.get(i), ox, oy, dx, dy));
        }
        for (int i = 0, n = boxes.size(); i < n; i++) {
            t = Math.min(t, Shapes.rayHit(boxes.get(i), ox, oy, dx, dy));
        }
        return t;
    }
}
