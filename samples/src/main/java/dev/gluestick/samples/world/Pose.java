package dev.gluestick.samples.world;

/** Robot position (metres) and heading (radians, counter-clockwise from +x). */
public record Pose(double x, double y, double theta) {}
