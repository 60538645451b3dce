package io.flakelens.store.detect;

import io.flakelens.store.JobAndBuilder;
import java.time.Instant;

/** Which occurrences a listing looks at; null fields do not filter. */
public record FlakeFilter(Instant since, String job, String builder, int limit) {
    public JobAndBuilder scope() {
        return new JobAndBuilder(job, builder);
    }
}
