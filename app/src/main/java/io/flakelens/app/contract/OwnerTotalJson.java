package io.flakelens.app.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flakelens.app.owner.OwnerTotal;
import java.util.List;

/** One owner's totals, as {@code flakes --by-owner --format json} and {@code /api/v1/flakes?by_owner=true} print them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OwnerTotalJson(
        String owner, long flakyTests, long occurrences, long changes, long score, List<String> tests) {
    public static OwnerTotalJson of(OwnerTotal t) {
        return new OwnerTotalJson(t.owner(), t.flakyTests(), t.occurrences(), t.changes(), t.score(), t.tests());
    }
}
