package dev.gluestick.model.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankSelectTest {

    @Test
    void findsTheKeyOfEveryRankAndTheCountBelowItAsASortWould() {
        for (int seed = 0; seed < 100; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(300);
            int[] keys = new int[n];
            for (int i = 0; i < n; i++) {
                // Mix of tiny keys (ties), full-range float-like keys, and the maximum.
                keys[i] = switch (rnd.nextInt(3)) {
                    case 0 -> rnd.nextInt(4);
                    case 1 -> rnd.nextInt(0x7f800002);
                    default -> 0x7f800001 - rnd.nextInt(3);
                };
            }
            int[] sorted = keys.clone();
            Arrays.sort(sorted);
            int[] before = keys.clone();
            for (int rank = 0; rank < n; rank++) {
                long sel = RankSelect.select(keys, n, rank, new int[RankSelect.HIST], new int[n]);
                int t = (int) (sel >>> 32);
                int below = (int) sel;
                assertThat(t).as("seed %d rank %d", seed, rank).isEqualTo(sorted[rank]);
                int expectedBelow = 0;
                while (sorted[expectedBelow] < t) {
                    expectedBelow++;
                }
                assertThat(below).isEqualTo(expectedBelow);
            }
            assertThat(keys).containsExactly(before);
        }
    }
}
