package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PruneBenchCommandTest {

    @Test
    void printsAMedianAndRatioForEveryMethodAndOrientation() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out), new PrintWriter(err),
                "bench", "prune", "--rows", "8", "--cols", "16", "--repeats", "1");
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        for (String label : new String[] {"8x16", "16x8"}) {
            for (String m : new String[] {"copy (reference)", "magnitude 0.5", "magnitude 2:4", "wanda 0.5", "wanda 2:4"}) {
                assertThat(text).containsPattern(label + "\\s+" + java.util.regex.Pattern.quote(m) + "\\s+\\d");
            }
        }
    }

    @Test
    void rejectsANonPositiveRepeatCountAsBadInput() {
        int code = GluestickCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "bench", "prune", "--repeats", "0");
        assertThat(code).isEqualTo(GluestickCommand.EXIT_BAD_INPUT);
    }
}
