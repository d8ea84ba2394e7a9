package dev.gluestick.samples.eval;

import dev.gluestick.samples.world.Outcome;

/**
 * One step of an episode, for the viewer: the pose after the step, the velocity command applied,
 * and the outcome after it (a collision is the step whose outcome is COLLISION).
 */
public record TraceStep(int step, double x, double y, double theta, double v, double omega, Outcome outcome) {}
