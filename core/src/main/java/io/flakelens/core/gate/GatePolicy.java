package io.flakelens.core.gate;

import io.flakelens.core.detect.EvidenceKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a failure may pass the gate. Immutable; {@link #defaults()} is what {@code flakelens gate}
 * uses without {@code --policy}, chosen so that a build goes green only on failures the history
 * has seen flake more than once, never on a guess.
 *
 * @param kinds           evidence kinds that count
 * @param minOccurrences  least flake occurrences (of the counted kinds) in the window; one could be a
 *                        fluke of the evidence, two are a pattern
 * @param minScore        least ranking score (Findit's weights) in the window
 * @param maxFailRate     a test failing in more than this share of its runs is broken, flaky or not
 * @param muted           whether a mute in the source lets a failure through
 * @param probability     whether the flake model's probability lets through a test with no evidence
 * @param minProbability  the probability it must reach when it counts
 * @param maxLetThrough   at most this many failures let through in one run; more at once is rarely
 *                        bad luck with flakes, so then none pass
 * @param mainRevisions   a test failing every main-line run of its latest this-many revisions is
 *                        failing on main and never let through
 */
public record GatePolicy(
        Set<EvidenceKind> kinds,
        int minOccurrences,
        long minScore,
        double maxFailRate,
        boolean muted,
        boolean probability,
        double minProbability,
        int maxLetThrough,
        int mainRevisions) {
    public GatePolicy {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (minOccurrences < 1) {
            throw new IllegalArgumentException("min_occurrences must be at least 1");
        }
        if (minScore < 0) {
            throw new IllegalArgumentException("min_score must not be negative");
        }
        if (!(maxFailRate > 0 && maxFailRate <= 1)) {
            throw new IllegalArgumentException("max_fail_rate must be above 0 and at most 1");
        }
        if (!(minProbability >= 0 && minProbability <= 1)) {
            throw new IllegalArgumentException("min_probability must be between 0 and 1");
        }
        if (maxLetThrough < 0) {
            throw new IllegalArgumentException("max_let_through must not be negative");
        }
        if (mainRevisions < 1) {
            throw new IllegalArgumentException("main_revisions must be at least 1");
        }
    }

    public static GatePolicy defaults() {
        return new GatePolicy(EnumSet.allOf(EvidenceKind.class), 2, 0, 0.5, true, false, 0.9, 5, 2);
    }
}
