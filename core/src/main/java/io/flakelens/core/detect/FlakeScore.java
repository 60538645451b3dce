package io.flakelens.core.detect;

import java.util.List;

/**
 * Chromium Findit's flake score mapped onto our evidence kinds, the default ranking: presubmit
 * evidence counts distinct changes hurt times a weight (a change a flake rejected cost a developer
 * a retry and a context switch, hence 100; a disagreement between presubmit attempts that CI
 * absorbed cost machine time, 10; a retry inside a run that ended green is a hidden flake, 1); on the
 * main line every occurrence counts one. Immutable; weights are configuration.
 */
public record FlakeScore(
        long falseRejection,
        long presubmitSameCode,
        long presubmitRetry,
        long mergedFailure,
        long postSubmitOccurrence) {

    public static FlakeScore findit() {
        return new FlakeScore(100, 10, 1, 1, 1);
    }

    public long score(List<EvidenceCount> evidence) {
        long s = 0;
        for (EvidenceCount e : evidence) {
            if (e.postSubmit()) {
                s += postSubmitOccurrence * e.occurrences();
                continue;
            }
            long w = switch (e.kind()) {
                case FALSE_REJECTION -> falseRejection;
                case SAME_CODE -> presubmitSameCode;
                case RETRY -> presubmitRetry;
                case MERGED_FAILURE -> mergedFailure;
                // A flip needs consecutive main-line revisions; on a change it cannot arise.
                case FLIP -> postSubmitOccurrence;
            };
            s += w * e.changes();
        }
        return s;
    }
}
