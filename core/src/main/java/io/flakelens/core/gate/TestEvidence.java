package io.flakelens.core.gate;

import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.model.TestId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the history says about one test over the gate's window.
 *
 * @param evidence           flake occurrences per kind, as the ranked list counts them
 * @param score              the ranking score of those occurrences
 * @param runs               runs in the window that executed the test
 * @param failures           runs in the window where it failed at least once
 * @param failingOnMain      it failed every main-line run of its latest {@code mainRevisions} revisions
 * @param mainRevisions      main-line revisions in a row, newest first, on which every run failed it
 */
public record TestEvidence(
        TestId id,
        List<EvidenceCount> evidence,
        long score,
        long runs,
        long failures,
        boolean failingOnMain,
        int mainRevisions) {
    public TestEvidence {
        evidence = List.copyOf(evidence);
    }

    /** A test the history knows nothing against: no flake evidence, not failing on main. */
    public static TestEvidence none(TestId id) {
        return new TestEvidence(id, List.of(), 0, 0, 0, false, 0);
    }

    public long occurrences() {
        return evidence.stream().mapToLong(EvidenceCount::occurrences).sum();
    }

    /** Occurrences of the kinds in {@code counted} only. */
    public long occurrences(Set<EvidenceKind> counted) {
        return evidence.stream()
                .filter(e -> counted.contains(e.kind()))
                .mapToLong(EvidenceCount::occurrences)
                .sum();
    }

    public Set<EvidenceKind> kinds() {
        EnumSet<EvidenceKind> out = EnumSet.noneOf(EvidenceKind.class);
        evidence.forEach(e -> out.add(e.kind()));
        return out;
    }

    /** Flake occurrences over runs, as the ranked list defines it. */
    public double flakeRate() {
        return runs == 0 ? 0 : Math.min(1.0, (double) occurrences() / runs);
    }

    /** Runs that failed it over runs that executed it. */
    public double failRate() {
        return runs == 0 ? 0 : (double) failures / runs;
    }
}
