package io.flakelens.store.quarantine;

import io.flakelens.core.quarantine.MutedTest;
import java.time.Instant;
import java.util.List;

/** A scan as the store keeps it, with its muted tests. */
public record StoredScan(
        String repo,
        String branch,
        String commit,
        Instant committedAt,
        Instant scannedAt,
        int files,
        List<MutedTest> entries) {
    public StoredScan {
        entries = List.copyOf(entries);
    }
}
