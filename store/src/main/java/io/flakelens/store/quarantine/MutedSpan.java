package io.flakelens.store.quarantine;

import io.flakelens.core.model.TestId;
import java.time.Instant;

/**
 * One stretch of time a test stayed muted in one repository and branch, as the stored scans see it:
 * muted in the first scan that found it after one that did not (or the first scan at all), unmuted
 * in the first later scan that no longer found it; still muted when {@code unmutedCommit} is null.
 */
public record MutedSpan(
        String repo,
        String branch,
        TestId test,
        String file,
        int line,
        String marker,
        String ticket,
        String mutedCommit,
        Instant mutedAt,
        String unmutedCommit,
        Instant unmutedAt) {
    public boolean open() {
        return unmutedCommit == null;
    }
}
