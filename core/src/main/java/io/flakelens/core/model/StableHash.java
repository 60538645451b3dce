package io.flakelens.core.model;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit FNV-1a over UTF-8 followed by a murmur-style finaliser. Ids derived from names this way
 * are the same in every process and every store, so ingest never needs a round trip to learn an id
 * and a batch job over exported tables can recompute them.
 */
public final class StableHash {
    private StableHash() {
    }

    public static long of(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // Keep ids positive: friendlier in SQL, CSV and URLs.
        return h & Long.MAX_VALUE;
    }
}
