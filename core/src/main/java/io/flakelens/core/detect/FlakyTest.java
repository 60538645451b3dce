package io.flakelens.core.detect;

import io.flakelens.core.model.TestId;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * One flaky test as the ranked list shows it.
 *
 * @param occurrences flake occurrences in the window, all kinds
 * @param changes     distinct changes it hurt (presubmit)
 * @param runs        runs in the window that executed it
 * @param failures    runs in the window where it failed at least once
 * @param builders    occurrences per builder
 * @param members     tests behind this entry: 1, or the parameterised variants of a group
 * @param wholeSuite  occurrences in which the test's whole suite failed together on code that passed it on
 *                    the same builder: a flaky set-up rather than the test's own flakiness
 */
public record FlakyTest(
        TestId id,
        String group,
        long score,
        List<EvidenceKind> kinds,
        List<EvidenceCount> evidence,
        long occurrences,
        long changes,
        long runs,
        long failures,
        SortedMap<String, Long> builders,
        Instant firstSeen,
        Instant lastSeen,
        long members,
        long wholeSuite) {

    /** Occurrences over runs: how often a run of this test was disturbed by it. */
    public double flakeRate() {
        return runs == 0 ? 0 : Math.min(1.0, (double) occurrences / runs);
    }
}
