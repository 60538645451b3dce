package io.flakelens.store.bugs;

import io.flakelens.core.bugs.BugRef;
import java.time.Instant;
import java.util.List;

/**
 * A bug as the store keeps it.
 *
 * @param marker    the key in its body that finds it at the tracker again
 * @param touchedAt the last create, update or reopen by Flakelens: the once-per-24h rule reads it
 * @param flakes    the flakes (test group keys) it tracks
 */
public record StoredBug(
        BugRef ref,
        String repo,
        String title,
        String marker,
        Instant createdAt,
        Instant touchedAt,
        List<String> flakes) {
    public StoredBug {
        flakes = List.copyOf(flakes);
    }
}
