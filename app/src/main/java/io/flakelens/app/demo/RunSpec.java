package io.flakelens.app.demo;

import io.flakelens.app.demo.Timeline.Change;
import io.flakelens.app.demo.Timeline.Patchset;
import io.flakelens.app.demo.Timeline.Revision;
import java.time.Instant;

/**
 * One planned run: everything its outcome depends on, so the planner and the writer, replaying it,
 * reach the same results.
 *
 * @param id       the run's id, assigned once all runs are in time order (null before)
 * @param key      what the run is, independent of its id; seeds the run's randomness
 * @param revision the main-line revision of a post-submit run, else null
 * @param change   the change of a presubmit run, else null
 * @param infra    the infrastructure failed under this run
 */
record RunSpec(
        String id,
        String key,
        long seed,
        int job,
        int builder,
        Instant startedAt,
        long durationMs,
        Revision revision,
        Change change,
        Patchset patchset,
        int attempt,
        boolean infra) {

    boolean presubmit() {
        return change != null;
    }

    /** The main-line revision whose code the run contains: its own, or its change's base. */
    int base() {
        return revision != null ? revision.index() : change.base();
    }

    String sha() {
        return revision != null ? revision.sha() : patchset.revision();
    }

    String equivalence() {
        return revision != null ? revision.sha() : patchset.equivalence();
    }

    RunSpec withId(String newId) {
        return new RunSpec(
                newId, key, seed, job, builder, startedAt, durationMs, revision, change, patchset, attempt, infra);
    }

    RunSpec withInfra() {
        return new RunSpec(
                id, key, seed, job, builder, startedAt, durationMs, revision, change, patchset, attempt, true);
    }
}
