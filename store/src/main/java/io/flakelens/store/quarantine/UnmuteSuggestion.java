package io.flakelens.store.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.MutedTest;
import java.time.Instant;

/**
 * A muted test whose mute no longer earns its keep.
 *
 * @param muted     the entry (file, line, marker, ticket) of the latest scan
 * @param runs      runs in the window that reported the test
 * @param executed  of those, runs in which it ran (passed or failed, not skipped)
 * @param lastSeen  the last run that reported it at all, in or before the window; null if none ever did
 */
public record UnmuteSuggestion(
        String repo, MutedTest muted, Why why, long runs, long executed, Instant lastSeen, String evidence)
        implements Suggestion {
    /** Why the mute can go. */
    public enum Why {
        /** It ran at least the minimum number of times in the window, never failed and showed no flake evidence. */
        CLEAN,
        /** No run in the window reported it: renamed, deleted, or its job no longer runs. */
        NOT_REPORTED,
        /** Every run in the window skipped it: the mute hides whether it still fails; run it to find out. */
        ONLY_SKIPPED,
        /** The ticket its marker names is closed at the tracker: whatever it waited for is done. */
        TICKET_CLOSED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public TestId test() {
        return muted.test();
    }
}
