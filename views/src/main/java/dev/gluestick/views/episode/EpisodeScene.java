package dev.gluestick.views.episode;

import java.util.List;
import java.util.Objects;

/**
 * What the viewer draws under the trajectories: one episode's world, in metres, with the origin at
 * the arena's lower-left corner and y pointing up.
 *
 * @param index the episode's position in the evaluation set
 * @param seed the episode's seed
 * @param instruction e.g. "go to the red marker"
 * @param arena side of the square arena
 * @param robotRadius radius of the robot disc
 * @param reach how close the robot's centre must come to a beacon to reach it
 * @param walls wall segments (the boundary with its gaps, interior walls)
 * @param discs round obstacles
 * @param boxes box obstacles
 * @param beacons the coloured landmarks, the instructed one flagged
 * @param startX start position, x
 * @param startY start position, y
 * @param startTheta start heading, radians counter-clockwise from +x
 */
public record EpisodeScene(int index, long seed, String instruction, double arena, double robotRadius, double reach,
        List<Wall> walls, List<Disc> discs, List<Box> boxes, List<Beacon> beacons, double startX, double startY,
        double startTheta) {

    public record Wall(double x0, double y0, double x1, double y1) {}

    public record Disc(double x, double y, double r) {}

    public record Box(double minX, double minY, double maxX, double maxY) {}

    /** @param colour the colour's word, e.g. "red" */
    public record Beacon(String colour, double x, double y, double radius, boolean target) {
        public Beacon {
            Objects.requireNonNull(colour);
        }
    }

    public EpisodeScene {
        Objects.requireNonNull(instruction);
        if (!(arena > 0)) {
            throw new IllegalArgumentException("arena size must be positive: " + arena);
        }
        walls = List.copyOf(walls);
        discs = List.copyOf(discs);
        boxes = List.copyOf(boxes);
        beacons = List.copyOf(beacons);
    }
}
