package io.flakelens.core.bugs;

import io.flakelens.core.detect.EvidenceKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a flake gets a bug and how often bugs may be touched: Chromium Findit's policy by default,
 * every number a config value.
 *
 * @param window        the look-back of the thresholds (Findit: 24 hours)
 * @param minChanges    distinct changes hurt in the window (presubmit; patchsets of one change count once)
 * @param changeKinds   which presubmit evidence hurts a change (Findit: CQ false rejections and retries
 *                      with patch, i.e. false-rejection and same-code; a hidden retry hurt no one)
 * @param minPostSubmit post-submit occurrences in the window, the other way to qualify
 * @param recent        at least one counted occurrence must be this recent (Findit: 6 hours)
 * @param updateEvery   a bug is created or updated at most once per this span
 * @param maxActions    creates plus updates allowed in any {@code actionsWindow}, across all flakes
 * @param actionsWindow the span of that budget (Findit: 24 hours)
 * @param closedBugs    what a flake that comes back does with its closed bug
 */
public record FilingPolicy(
        Duration window,
        int minChanges,
        Set<EvidenceKind> changeKinds,
        int minPostSubmit,
        Duration recent,
        Duration updateEvery,
        int maxActions,
        Duration actionsWindow,
        ClosedBugs closedBugs) {

    public enum ClosedBugs {
        /** Reopen the closed bug and comment on it. */
        REOPEN,
        /** Leave it closed and file a new bug that links to it. */
        NEW
    }

    public FilingPolicy {
        changeKinds = Set.copyOf(changeKinds);
        if (minChanges < 1 || minPostSubmit < 1 || maxActions < 0) {
            throw new IllegalArgumentException("filing thresholds must be 1 or more, the action budget 0 or more");
        }
        if (window.isNegative()
                || window.isZero()
                || recent.isNegative()
                || recent.isZero()
                || updateEvery.isNegative()
                || actionsWindow.isNegative()
                || actionsWindow.isZero()) {
            throw new IllegalArgumentException("filing spans must be positive");
        }
    }

    public static FilingPolicy findit() {
        return new FilingPolicy(
                Duration.ofHours(24),
                3,
                EnumSet.of(EvidenceKind.FALSE_REJECTION, EvidenceKind.SAME_CODE),
                3,
                Duration.ofHours(6),
                Duration.ofHours(24),
                30,
                Duration.ofHours(24),
                ClosedBugs.REOPEN);
    }
}
