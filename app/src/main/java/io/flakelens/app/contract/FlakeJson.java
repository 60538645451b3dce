package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.core.detect.EvidenceCount;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakyTest;
import java.util.List;
import java.util.SortedMap;

/** One flaky test with its owner, as {@code flakes --format json} and {@code /api/v1/flakes} print it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlakeJson(String suite, String name, String id, String group, long members, long score,
                        List<String> kinds, long occurrences, long changes, long runs, long failures,
                        double flakeRate, SortedMap<String, Long> builders, String firstSeen, String lastSeen,
                        List<Evidence> evidence, String owner, String ownerSource) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Evidence(String kind, boolean postSubmit, long occurrences, long changes) {
        static Evidence of(EvidenceCount e) {
            return new Evidence(e.kind().label(), e.postSubmit(), e.occurrences(), e.changes());
        }
    }

    public static FlakeJson of(OwnedFlake o) {
        FlakyTest f = o.flake();
        return new FlakeJson(f.id().suite(), f.id().name(), f.id().id(), f.group(), f.members(), f.score(),
                f.kinds().stream().map(EvidenceKind::label).toList(), f.occurrences(), f.changes(), f.runs(),
                f.failures(), Json.rate(f.flakeRate()), f.builders(), String.valueOf(f.firstSeen()),
                String.valueOf(f.lastSeen()), f.evidence().stream().map(Evidence::of).toList(),
                o.owner().name(), o.owner().source().label());
    }
}
