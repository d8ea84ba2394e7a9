package dev.gluestick.views.service;

import java.util.List;

/**
 * One evaluation episode of a runnable model, replayed with several weight sets for the episode
 * viewer: the world (a square arena with walls, round and box obstacles, coloured landmarks) and
 * one trajectory per weight set. Plain geometry, so the view needs nothing from the sample module.
 *
 * @param arena side of the square arena, metres
 * @param walls wall segments {x0, y0, x1, y1}
 * @param circles round obstacles {x, y, r}
 * @param boxes box obstacles {minX, minY, maxX, maxY}
 */
public record EpisodeReplay(int index, String instruction, double arena, double robotRadius, List<double[]> walls,
        List<double[]> circles, List<double[]> boxes, List<Landmark> landmarks, List<Run> runs) {

    public EpisodeReplay {
        walls = List.copyOf(walls);
        circles = List.copyOf(circles);
        boxes = List.copyOf(boxes);
        landmarks = List.copyOf(landmarks);
        runs = List.copyOf(runs);
    }

    /** A landmark; {@code target} marks the instructed one. */
    public record Landmark(String colour, double x, double y, boolean target) {}

    /**
     * One weight set's trajectory: positions from the start, the outcome in words, and whether it
     * ended unsafe (the last point is then the collision or exit).
     */
    public record Run(String label, double[] xs, double[] ys, String outcome, boolean unsafe, boolean success) {
        public Run {
            if (xs.length != ys.length || xs.length == 0) {
                throw new IllegalArgumentException("a run needs matching, non-empty coordinates");
            }
            xs = xs.clone();
            ys = ys.clone();
        }

        public int length() {
            return xs.length;
        }

        public double x(int i) {
            return xs[i];
        }

        public double y(int i) {
            return ys[i];
        }
    }
}
