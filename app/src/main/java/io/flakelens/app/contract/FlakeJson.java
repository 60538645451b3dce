package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.changepoint.SegmentedHistory;
import java.util.List;
import java.util.SortedMap;

/**
 * One flaky test with its owner, as {@code flakes --format json} and {@code /api/v1/flakes} print it;
 * {@code since_revision} is where its current flaky or failing stretch began on the main line (on the
 * job and builder where that happened last) and {@code suspect_range} the commits that began it, when
 * its history shows a change.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlakeJson(
        String suite,
        String name,
        String id,
        String group,
        long members,
        long score,
        List<String> kinds,
        long occurrences,
        long changes,
        long runs,
        long failures,
        double flakeRate,
        SortedMap<String, Long> builders,
        String firstSeen,
        String lastSeen,
        long suiteFailedWhole,
        String note,
        List<Evidence> evidence,
        String owner,
        String ownerSource,
        String sinceRevision,
        SegmentJson.SuspectRange suspectRange) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Evidence(String kind, boolean postSubmit, long occurrences, long changes) {
        static Evidence of(EvidenceCount e) {
            return new Evidence(e.kind().label(), e.postSubmit(), e.occurrences(), e.changes());
        }
    }

    /** Says when the test failed because its whole suite did: the set-up flakes, not (only) the test. */
    public static String note(FlakyTest f) {
        return f.wholeSuite() == 0
                ? ""
                : "set-up: whole suite failed together in " + f.wholeSuite() + " of " + f.occurrences();
    }

    /** {@code trouble}: the test's history where its current behaviour began, or null. */
    public static FlakeJson of(OwnedFlake o, SegmentedHistory trouble) {
        FlakyTest f = o.flake();
        return new FlakeJson(
                f.id().suite(),
                f.id().name(),
                f.id().id(),
                f.group(),
                f.members(),
                f.score(),
                f.kinds().stream().map(EvidenceKind::label).toList(),
                f.occurrences(),
                f.changes(),
                f.runs(),
                f.failures(),
                Json.rate(f.flakeRate()),
                f.builders(),
                String.valueOf(f.firstSeen()),
                String.valueOf(f.lastSeen()),
                f.wholeSuite(),
                f.wholeSuite() == 0 ? null : note(f),
                f.evidence().stream().map(Evidence::of).toList(),
                o.owner().name(),
                o.owner().source().label(),
                trouble == null ? null : trouble.revision(trouble.latest().first()),
                trouble == null ? null : SegmentJson.SuspectRange.of(trouble, trouble.latestChange()));
    }
}
