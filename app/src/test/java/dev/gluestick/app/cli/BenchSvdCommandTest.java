package dev.gluestick.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchSvdCommandTest {

    @Test
    void printsOneRowPerMethodAndSpectrumWithErrorsAgainstSgesdd() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "bench", "svd", "--sizes", "64x48", "--k", "8", "--repeat", "1", "--methods", "GRAM_RITZ,GESVDX");
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("64x48", "sgemm", "load average");
        for (String spectrum : new String[] {"flat", "decaying"}) {
            for (String method : new String[] {"sgesdd", "gram_ritz", "gesvdx"}) {
                assertThat(text).containsPattern("64x48\\s+" + spectrum + "\\s+" + method + "\\s");
            }
        }
    }

    @Test
    void rejectsAMalformedSize() {
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "bench", "svd", "--sizes", "4096by4096");
        assertThat(code).isEqualTo(GluestickCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--sizes wants ROWSxCOLS like 4096x4096, not '4096by4096'");
    }

    @Test
    void rejectsAnUnknownSpectrum() {
        StringWriter err = new StringWriter();
        int code = GluestickCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "bench", "svd", "--spectrum", "steep");
        assertThat(code).isEqualTo(GluestickCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--spectrum must be flat, decaying or both");
    }
}
