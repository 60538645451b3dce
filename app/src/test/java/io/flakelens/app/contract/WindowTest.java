package io.flakelens.app.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void spans_reach_back_from_now() {
        assertThat(Window.start("14d", NOW)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(Window.start("2w", NOW)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(Window.start("90m", NOW)).isEqualTo(Instant.parse("2026-12-06T10:30:00Z"));
        assertThat(Window.start("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Window.start(Window.DEFAULT, NOW)).isEqualTo(Window.start("14d", NOW));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "all",
                "ALL",
                "20794d",
                "1479955d",
                "108213310d",
                "9999999999999999999d",
                "99999999999999999999999999w"
            })
    void a_window_reaching_before_the_epoch_means_all(String since) {
        assertThat(Window.start(since, NOW)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void the_last_day_before_the_epoch_is_still_a_window() {
        assertThat(Window.start("20792d", NOW)).isAfter(Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"14x", "-3d", "yesterday", "2026-13-01"})
    void anything_else_is_refused_in_words(String since) {
        assertThatThrownBy(() -> Window.start(since, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read \"" + since + "\"")
                .hasMessageContaining("14d");
    }
}
