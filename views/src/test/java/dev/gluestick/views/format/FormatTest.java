package dev.gluestick.views.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void formatsNumbersTheWayTheWindowShowsThem() {
        assertThat(Format.percent(0.4831)).isEqualTo("48.3 %");
        assertThat(Format.percent(Double.NaN)).isEmpty();
        assertThat(Format.ratio(0.41234)).isEqualTo("0.412");
        assertThat(Format.norm(12.3456)).isEqualTo("12.346");
        assertThat(Format.norm(0.00012)).isEqualTo("1.200e-04");
        assertThat(Format.bytes(3L << 30)).isEqualTo("3.00 GiB");
        assertThat(Format.count(6_740_000_000L)).isEqualTo("6.74 B");
        assertThat(Format.count(1234)).isEqualTo("1.2 K");
        assertThat(Format.times(0.5)).isEqualTo("0.500\u00d7");
    }
}
