package dev.gluestick.samples.world;

/**
 * One episode: the layout, where the robot starts, and what it is told.
 *
 * @param seed the seed the episode was generated from (after rejection), for display
 * @param index position in its episode set
 */
public record EpisodeSpec(long seed, int index, WorldMap map, Pose start, Colour target) {

    public String instruction() {
        return Vocabulary.instruction(target);
    }

    public int[] tokens() {
        return Vocabulary.tokenize(instruction());
    }
}
