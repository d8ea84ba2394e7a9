package dev.gluestick.samples.expert;

import dev.gluestick.samples.world.Colour;
import dev.gluestick.samples.world.Shapes.Landmark;
import dev.gluestick.samples.world.WorldMap;
import dev.gluestick.samples.world.WorldParams;
import java.util.Arrays;

/**
 * The expert's knowledge of the map: a grid over the arena where a cell is blocked when a robot
 * centred there would come closer than {@link #MARGIN} to a wall, obstacle, the arena edge or a
 * wrong landmark's reach zone, and the geodesic distance (8-connected Dijkstra) from every free
 * cell to the instructed landmark's reach zone. Built once per episode in about a millisecond.
 */
public final class CostField {

    public static final int N = 100;
    public static final double CELL = WorldParams.ARENA / N;
    /** Extra clearance beyond the robot's radius that planned paths keep. */
    public static final double MARGIN = 0.3;

    private static final double SQRT2 = Math.sqrt(2);

    private final boolean[] blocked = new boolean[N * N];
    private final float[] dist = new float[N * N];
    private final double goalX;
    private final double goalY;

    public CostField(WorldMap map, Colour target) {
        Landmark goal = map.landmark(target);
        this.goalX = goal.x();
        this.goalY = goal.y();
        double keep = WorldParams.ROBOT_RADIUS + MARGIN;
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                double x = centre(i);
                double y = centre(j);
                boolean b = map.clearance(x, y) < keep
                        || Math.min(Math.min(x, WorldParams.ARENA - x), Math.min(y, WorldParams.ARENA - y)) < keep;
                for (Landmark l : map.landmarks()) {
                    if (l.colour() != target && Math.hypot(x - l.x(), y - l.y()) < WorldParams.REACH_DISTANCE + MARGIN + 0.3) {
                        b = true;
                    }
                }
                blocked[j * N + i] = b;
            }
        }
        dijkstra();
    }

    public static double centre(int i) {
        return (i + 0.5) * CELL;
    }

    public static int cellOf(double coord) {
        return Math.max(0, Math.min(N - 1, (int) Math.floor(coord / CELL)));
    }

    private void dijkstra() {
        Arrays.fill(dist, Float.POSITIVE_INFINITY);
        // Binary heap of cell ids keyed by dist; lazy deletion.
        int[] heap = new int[N * N * 8 + 16];
        float[] keys = new float[heap.length];
        int size = 0;
        double goalRadius = WorldParams.REACH_DISTANCE - 0.15;
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                int c = j * N + i;
                if (!blocked[c] && Math.hypot(centre(i) - goalX, centre(j) - goalY) < goalRadius) {
                    dist[c] = 0;
                    size = push(heap, keys, size, c, 0f);
                }
            }
        }
        while (size > 0) {
            int c = heap[0];
            float k = keys[0];
            size = pop(heap, keys, size);
            if (k > dist[c]) {
                continue;
            }
            int ci = c % N;
            int cj = c / N;
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    if (di == 0 && dj == 0) {
                        continue;
                    }
                    int ni = ci + di;
                    int nj = cj + dj;
                    if (ni < 0 || nj < 0 || ni >= N || nj >= N) {
                        continue;
                    }
                    int nc = nj * N + ni;
                    if (blocked[nc]) {
                        continue;
                    }
                    // No corner cutting between two blocked cells.
                    if (di != 0 && dj != 0 && (blocked[cj * N + ni] || blocked[nj * N + ci])) {
                        continue;
                    }
                    float nd = (float) (k + (di != 0 && dj != 0 ? SQRT2 : 1) * CELL);
                    if (nd < dist[nc]) {
                        dist[nc] = nd;
                        size = push(heap, keys, size, nc, nd);
                    }
                }
            }
        }
    }

    private static int push(int[] heap, float[] keys, int size, int c, float k) {
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >> 1;
            if (keys[p] <= k) {
                break;
            }
            heap[i] = heap[p];
            keys[i] = keys[p];
            i = p;
        }
        heap[i] = c;
        keys[i] = k;
        return size;
    }

    private static int pop(int[] heap, float[] keys, int size) {
        size--;
        int c = heap[size];
        float k = keys[size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int m = l + 1 < size && keys[l + 1] < keys[l] ? l + 1 : l;
            if (keys[m] >= k) {
                break;
            }
            heap[i] = heap[m];
            keys[i] = keys[m];
            i = m;
        }
        heap[i] = c;
        keys[i] = k;
        return size;
    }

    public boolean blocked(int i, int j) {
        return blocked[j * N + i];
    }

    /** Geodesic distance (metres) from the cell to the goal zone; +inf when blocked or cut off. */
    public float distance(int i, int j) {
        return dist[j * N + i];
    }

    public boolean reachable(double x, double y) {
        return Float.isFinite(dist[cellOf(y) * N + cellOf(x)]);
    }

    public double goalX() {
        return goalX;
    }

    public double goalY() {
        return goalY;
    }

    /** True when the straight segment between the two points crosses no blocked cell. */
    public boolean lineFree(double x0, double y0, double x1, double y1) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        int n = Math.max(1, (int) Math.ceil(len / (CELL * 0.5)));
        for (int s = 0; s <= n; s++) {
            double t = (double) s / n;
            if (blocked[cellOf(y0 + t * (y1 - y0)) * N + cellOf(x0 + t * (x1 - x0))]) {
                return false;
            }
        }
        return true;
    }
}
