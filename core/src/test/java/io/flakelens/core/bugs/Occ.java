package io.flakelens.core.bugs;

import io.flakelens.core.detect.EvidenceKind;
import java.time.Instant;
import java.util.List;

/** Occurrences for policy tests in one line each. */
final class Occ {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private Occ() {}

    static Occurrence pre(String flake, String change, EvidenceKind kind, Instant at, long run) {
        return new Occurrence(
                flake, flake, suite(flake), kind, false, change, "cq", "linux", at, "r" + run, null, run, "boom", null);
    }

    static Occurrence post(String flake, Instant at, long run) {
        return new Occurrence(
                flake,
                flake,
                suite(flake),
                EvidenceKind.SAME_CODE,
                true,
                null,
                "ci",
                "linux",
                at,
                "r" + run,
                null,
                run,
                "boom",
                null);
    }

    static FlakeActivity activity(String flake, List<Occurrence> occ) {
        return new FlakeActivity(flake, suite(flake), occ, 100);
    }

    static String suite(String flake) {
        int at = flake.indexOf("::");
        return at < 0 ? "" : flake.substring(0, at);
    }

    static Instant ago(long seconds) {
        return NOW.minusSeconds(seconds);
    }

    static final long H = 3600;
}
