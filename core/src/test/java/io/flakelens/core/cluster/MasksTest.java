package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MasksTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "connection 5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03 lost | connection <uuid> lost",
                "at 2017-07-20T22:49:27Z started | at <time> started",
                "at 2017-07-20 22:49:27.123+02:00 started | at <time> started",
                "tick 12:04:59.5 done | tick <time> done",
                "GET https://10.19.115.108:8493/ failed | GET https://<ip>/ failed",
                "host 10.11.5.7:80 refused | host <ip> refused",
                "52:54:01:00:00:03 -> eth2 | <mac> -> eth<n>",
                "Foo@1b6d3586 differs from 0x7ffe12 | Foo@<hex> differs from <hex>",
                "commit 876b7f05cd8688650eef2d2cc4263f976288545d | commit <hex>",
                "File /build/cockpit/test/common/testlib.py | File <path>/testlib.py",
                "took 125s and 1.5ms | took <dur> and <dur>",
                "not ok 118 testTeam | not ok <n> testTeam",
                "no variable part here | no variable part here",
                "expected:<1> but was:<0> | expected:<<n>> but was:<<n>>",
            })
    void masksWhatDiffersBetweenRunsAndKeepsTheRest(String line, String masked) {
        assertThat(Masks.mask(line)).isEqualTo(masked);
    }

    @org.junit.jupiter.api.Test
    void dropsTerminalColours() {
        assertThat(Masks.mask("\u001B[31mred\u001B[0m text")).isEqualTo("red text");
    }
}
