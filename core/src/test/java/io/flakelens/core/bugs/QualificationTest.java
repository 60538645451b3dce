package io.flakelens.core.bugs;

import static io.flakelens.core.bugs.Occ.H;
import static io.flakelens.core.bugs.Occ.NOW;
import static io.flakelens.core.bugs.Occ.activity;
import static io.flakelens.core.bugs.Occ.ago;
import static io.flakelens.core.bugs.Occ.post;
import static io.flakelens.core.bugs.Occ.pre;
import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.detect.EvidenceKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Findit's thresholds (3 changes or 3 post-submit occurrences in 24 h, one in the last 6 h) at their edges. */
class QualificationTest {
    private final FilingPolicy findit = FilingPolicy.findit();

    private boolean qualifies(Occurrence... occ) {
        return Qualification.of(activity("S::t", List.of(occ)), findit, NOW).qualifies();
    }

    @Test
    void three_distinct_changes_qualify_two_do_not() {
        assertThat(qualifies(
                        pre("S::t", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 1),
                        pre("S::t", "c2", EvidenceKind.FALSE_REJECTION, ago(2 * H), 2),
                        pre("S::t", "c3", EvidenceKind.SAME_CODE, ago(3 * H), 3)))
                .isTrue();
        assertThat(qualifies(
                        pre("S::t", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 1),
                        pre("S::t", "c2", EvidenceKind.FALSE_REJECTION, ago(2 * H), 2)))
                .isFalse();
    }

    @Test
    void patchsets_of_one_change_count_once() {
        // three runs, three patchsets, one change: one change hurt
        assertThat(qualifies(
                        pre("S::t", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 1),
                        pre("S::t", "c1", EvidenceKind.FALSE_REJECTION, ago(2 * H), 2),
                        pre("S::t", "c1", EvidenceKind.SAME_CODE, ago(3 * H), 3),
                        pre("S::t", "c2", EvidenceKind.SAME_CODE, ago(3 * H), 4)))
                .isFalse();
    }

    @Test
    void hidden_retries_hurt_no_change_unless_configured() {
        Occurrence[] retries = {
            pre("S::t", "c1", EvidenceKind.RETRY, ago(H), 1),
            pre("S::t", "c2", EvidenceKind.RETRY, ago(H), 2),
            pre("S::t", "c3", EvidenceKind.RETRY, ago(H), 3)
        };
        assertThat(qualifies(retries)).isFalse();
        FilingPolicy withRetries = new FilingPolicy(
                Duration.ofHours(24),
                3,
                EnumSet.of(EvidenceKind.RETRY),
                3,
                Duration.ofHours(6),
                Duration.ofHours(24),
                30,
                Duration.ofHours(24),
                FilingPolicy.ClosedBugs.REOPEN);
        assertThat(Qualification.of(activity("S::t", List.of(retries)), withRetries, NOW)
                        .qualifies())
                .isTrue();
    }

    @Test
    void three_post_submit_occurrences_qualify_two_do_not() {
        assertThat(qualifies(post("S::t", ago(H), 1), post("S::t", ago(10 * H), 2), post("S::t", ago(20 * H), 3)))
                .isTrue();
        assertThat(qualifies(post("S::t", ago(H), 1), post("S::t", ago(10 * H), 2)))
                .isFalse();
        // changes and post-submit occurrences do not add up: 2 + 2 is neither 3 changes nor 3 occurrences
        assertThat(qualifies(
                        post("S::t", ago(H), 1),
                        post("S::t", ago(2 * H), 2),
                        pre("S::t", "c1", EvidenceKind.FALSE_REJECTION, ago(H), 3),
                        pre("S::t", "c2", EvidenceKind.FALSE_REJECTION, ago(H), 4)))
                .isFalse();
    }

    @Test
    void an_occurrence_exactly_24_hours_old_is_out_of_the_window_one_second_younger_is_in() {
        assertThat(qualifies(post("S::t", ago(H), 1), post("S::t", ago(2 * H), 2), post("S::t", ago(24 * H), 3)))
                .isFalse();
        assertThat(qualifies(post("S::t", ago(H), 1), post("S::t", ago(2 * H), 2), post("S::t", ago(24 * H - 1), 3)))
                .isTrue();
    }

    @Test
    void the_latest_occurrence_must_be_younger_than_6_hours() {
        assertThat(qualifies(post("S::t", ago(6 * H), 1), post("S::t", ago(7 * H), 2), post("S::t", ago(8 * H), 3)))
                .isFalse();
        assertThat(qualifies(post("S::t", ago(6 * H - 1), 1), post("S::t", ago(7 * H), 2), post("S::t", ago(8 * H), 3)))
                .isTrue();
        // a recent occurrence that does not count (a hidden retry) does not make the flake recent
        assertThat(qualifies(
                        pre("S::t", "c9", EvidenceKind.RETRY, ago(60), 9),
                        post("S::t", ago(7 * H), 1),
                        post("S::t", ago(8 * H), 2),
                        post("S::t", ago(9 * H), 3)))
                .isFalse();
    }

    @Test
    void occurrences_after_now_are_ignored_so_history_replays_faithfully() {
        assertThat(qualifies(post("S::t", NOW.plusSeconds(1), 1), post("S::t", ago(H), 2), post("S::t", ago(2 * H), 3)))
                .isFalse();
        assertThat(qualifies(post("S::t", NOW, 1), post("S::t", ago(H), 2), post("S::t", ago(2 * H), 3)))
                .isTrue();
    }
}
