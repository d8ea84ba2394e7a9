package dev.gluestick.views.task;

import dev.gluestick.views.service.TaskScore;

/** A task score at one uniform rank, placed at that rank's model memory (% of dense). */
public record TaskPoint(int rank, double memoryPercent, TaskScore score) {}
