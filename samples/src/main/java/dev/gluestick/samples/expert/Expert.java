package dev.gluestick.samples.expert;

import dev.gluestick.samples.world.EpisodeSpec;
import dev.gluestick.samples.world.Simulator;
import dev.gluestick.samples.world.WorldParams;

/**
 * The demonstrator: it knows the map (a {@link CostField} to the instructed landmark) and, from
 * any pose, steers toward the farthest point down the distance field that it can see in a
 * straight line through free cells (a pure-pursuit carrot on the geodesic path). It answers for
 * any state, which is what DAgger relabelling needs.
 */
public final class Expert {

    /** How far down the path (in cells) the carrot may be. */
    private static final int LOOKAHEAD_CELLS = 18;
    private static final double TURN_GAIN = 3.0;
    /** Above this heading error the expert turns in place. */
    private static final double TURN_IN_PLACE = Math.PI / 3;

    private final CostField field;

    public Expert(EpisodeSpec spec) {
        this.field = new CostField(spec.map(), spec.target());
    }

    public CostField field() {
        return field;
    }

    /**
     * The expert's command at a pose, given the turn rate the robot is currently executing: {@code
     * {v, omega}} in physical units.
     *
     * <p>With the carrot far behind (more than 90 degrees off) the expert keeps turning the way
     * it already turns. Without that, a carrot straight behind makes the label jump between
     * full left and full right across the +-180 degree seam, a cloned policy averages the two to
     * "don't turn" and stands still until the step limit. The current turn rate is part of the
     * policy's observation, so the hysteresis is a function of what the policy sees.
     */
    public double[] act(double x, double y, double theta, double currentOmega) {
        double[] carrot = carrot(x, y);
        double err = Simulator.wrap(Math.atan2(carrot[1] - y, carrot[0] - x) - theta);
        double omega;
        if (Math.abs(err) > Math.PI / 2 && Math.abs(currentOmega) > 0.25 * WorldParams.OMEGA_MAX) {
            omega = Math.copySign(WorldParams.OMEGA_MAX, currentOmega);
        } else {
            omega = Math.max(-WorldParams.OMEGA_MAX, Math.min(WorldParams.OMEGA_MAX, TURN_GAIN * err));
        }
        // Continuous in the heading error (easier to imitate than a switch): full speed when aligned,
        // zero from TURN_IN_PLACE on.
        double c = Math.max(0, Math.cos(err * (Math.PI / 2) / TURN_IN_PLACE));
        double v = WorldParams.V_MAX * c * c;
        return new double[] {v, omega};
    }

    public double[] act(Simulator sim) {
        return act(sim.x(), sim.y(), sim.theta(), sim.omega());
    }

    private double[] carrot(double x, double y) {
        int ci = CostField.cellOf(x);
        int cj = CostField.cellOf(y);
        if (!Float.isFinite(field.distance(ci, cj))) {
            return nearestReachable(x, y, ci, cj);
        }
        if (field.distance(ci, cj) == 0) {
            return new double[] {field.goalX(), field.goalY()};
        }
        double bx = field.goalX();
        double by = field.goalY();
        boolean found = false;
        int i = ci;
        int j = cj;
        for (int step = 0; step < LOOKAHEAD_CELLS; step++) {
            int bi = -1;
            int bj = -1;
            float best = field.distance(i, j);
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    int ni = i + di;
                    int nj = j + dj;
                    if (ni >= 0 && nj >= 0 && ni < CostField.N && nj < CostField.N && field.distance(ni, nj) < best) {
                        best = field.distance(ni, nj);
                        bi = ni;
                        bj = nj;
                    }
                }
            }
            if (bi < 0) {
                break;
            }
            i = bi;
            j = bj;
            double px = CostField.centre(i);
            double py = CostField.centre(j);
            if (!found || field.lineFree(x, y, px, py)) {
                bx = px;
                by = py;
                found = true;
            } else {
                break;
            }
            if (field.distance(i, j) == 0) {
                bx = field.goalX();
                by = field.goalY();
                if (!field.lineFree(x, y, bx, by)) {
                    bx = px;
                    by = py;
                }
                break;
            }
        }
        return new double[] {bx, by};
    }

    /** Off the planned free space (after a policy's mistake): head for the closest reachable cell. */
    private double[] nearestReachable(double x, double y, int ci, int cj) {
        double best = Double.POSITIVE_INFINITY;
        double bx = field.goalX();
        double by = field.goalY();
        int reach = 12;
        for (int j = Math.max(0, cj - reach); j <= Math.min(CostField.N - 1, cj + reach); j++) {
            for (int i = Math.max(0, ci - reach); i <= Math.min(CostField.N - 1, ci + reach); i++) {
                if (Float.isFinite(field.distance(i, j))) {
                    double d = Math.hypot(CostField.centre(i) - x, CostField.centre(j) - y);
                    if (d < best) {
                        best = d;
                        bx = CostField.centre(i);
                        by = CostField.centre(j);
                    }
                }
            }
        }
        return new double[] {bx, by};
    }
}
