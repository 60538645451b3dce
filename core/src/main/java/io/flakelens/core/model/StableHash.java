package io.flakelens.core.model;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit FNV-1a over UTF-8 followed by a murmur-style finaliser. Ids derived from names this way
 * are the same in every process and every store, so ingest never needs a round trip to learn an id
 * and a batch job over exported tables can recompute them.
 */
public final class StableHash {
    private StableHash() {}

    public static long of(String s) {
        return finish(fnv(s));
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        int n = s.length();
        int i = 0;
        // ASCII is its own UTF-8: hash the chars without encoding (ids are nearly always ASCII).
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            h ^= c;
            h *= 0x100000001b3L;
        }
        if (i < n) {
            for (byte b : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
                h ^= (b & 0xff);
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // Keep ids positive: friendlier in SQL, CSV and URLs.
        return h & Long.MAX_VALUE;
    }
}
