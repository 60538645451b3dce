package io.flakelens.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StableHashTest {
    /** The definition the fast path must keep: FNV-1a 64 over UTF-8 bytes, then the finaliser. */
    private static long reference(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h & Long.MAX_VALUE;
    }

    @Test
    void matchesTheByteDefinitionForAsciiAndOtherText() {
        for (String s : new String[] {
            "",
            "a",
            "com.acme.OrderTest::testCreate",
            "tést::ünïcode",
            "日本::テスト",
            "mixed ascii then é",
            "\uD83D\uDE00 emoji"
        }) {
            assertThat(StableHash.of(s)).as(s).isEqualTo(reference(s));
        }
    }

    @Test
    void idsArePinnedAcrossReleasesBecauseStoresKeepThem() {
        // Changing these breaks every existing store: ids of tests and runs are these hashes.
        assertThat(StableHash.of("com.acme.OrderTest::testCreate")).isEqualTo(5692183402174406756L);
        assertThat(new TestId("com.acme.OrderTest", "testCreate").key())
                .isEqualTo(StableHash.of("com.acme.OrderTest::testCreate"));
        assertThat(StableHash.of("a")).isPositive();
    }
}
