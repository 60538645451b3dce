package io.flakelens.app.demo;

import io.flakelens.core.model.StableHash;
import java.util.SplittableRandom;

/**
 * Stateless randomness: every draw is a hash of what it is about (run, test, attempt, purpose), so a
 * result never depends on the order in which runs or tests are visited, and the planner can replay a
 * run's outcome before the writer produces it.
 */
final class Mix {
    private Mix() {}

    /** SplitMix64's finaliser: a bijection whose output bits each depend on all input bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long of(long a, long b) {
        return mix(a + 0x9e3779b97f4a7c15L * mix(b + 0x632be59bd9b4e019L));
    }

    static long of(long a, long b, long c) {
        return of(of(a, b), c);
    }

    static long of(long seed, String name) {
        return of(seed, StableHash.of(name));
    }

    /** Uniform in [0, 1). */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A sequential generator for one planning concern, independent of the others' draw counts. */
    static SplittableRandom random(long seed, String concern) {
        return new SplittableRandom(of(seed, concern));
    }

    /** 40 lower-case hex digits, the shape of a git SHA-1. */
    static String sha(long seed, String name) {
        long h = of(seed, name);
        long a = mix(h + 1);
        long b = mix(h + 2);
        long c = mix(h + 3);
        return hex(a, 16) + hex(b, 16) + hex(c >>> 32, 8);
    }

    private static String hex(long v, int digits) {
        String s = Long.toHexString(v);
        return "0".repeat(digits - s.length()) + s;
    }
}
