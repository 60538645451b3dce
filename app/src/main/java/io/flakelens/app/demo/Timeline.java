package io.flakelens.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The code the CI tested: main-line revisions in time order, and presubmit changes with their
 * patchsets. Which tests fail is decided elsewhere; this is only what was built and when.
 */
final class Timeline {
    /** Nothing is uploaded so late that its runs would still be running at {@code now}. */
    private static final Duration QUIET_END = Duration.ofHours(3);

    /** @param index position on the main line, 0 the oldest */
    record Revision(int index, String sha, Instant time) {}

    /**
     * @param equivalence the revision whose code this patchset tested; a trivial rebase keeps its
     *                    predecessor's
     */
    record Patchset(int number, String revision, String equivalence, Instant uploaded) {
        String numberText() {
            return Integer.toString(number);
        }

        boolean trivialRebase() {
            return !revision.equals(equivalence);
        }
    }

    /**
     * @param base   the main-line revision the change sits on (-1: older than the simulated history);
     *               all its patchsets keep it, so a main-line breakage shows in all of them alike
     * @param merged false when the change was abandoned
     */
    record Change(String id, int base, Instant created, List<Patchset> patchsets, boolean merged) {
        Change {
            patchsets = List.copyOf(patchsets);
        }
    }

    private final List<Revision> revisions;
    private final List<Change> changes;

    Timeline(SimulationConfig config) {
        Instant start = config.now().minus(Duration.ofDays(config.days()));
        Instant end = config.now().minus(QUIET_END);
        this.revisions = revisions(config, start, end);
        this.changes = changes(config, start, end);
    }

    List<Revision> revisions() {
        return revisions;
    }

    List<Change> changes() {
        return changes;
    }

    private static List<Revision> revisions(SimulationConfig config, Instant start, Instant end) {
        SplittableRandom rnd = Mix.random(config.seed(), "revisions");
        long span = Duration.between(start, end).getSeconds();
        long[] at = new long[config.revisions()];
        for (int i = 0; i < at.length; i++) {
            at[i] = rnd.nextLong(span);
        }
        Arrays.sort(at);
        List<Revision> out = new ArrayList<>(at.length);
        long previous = -1;
        for (int i = 0; i < at.length; i++) {
            // Distinct seconds keep payload names (which carry the time) unique.
            long t = Math.max(at[i], previous + 1);
            previous = t;
            out.add(new Revision(i, Mix.sha(config.seed(), "revision:" + i), start.plusSeconds(t)));
        }
        return List.copyOf(out);
    }

    private List<Change> changes(SimulationConfig config, Instant start, Instant end) {
        SplittableRandom rnd = Mix.random(config.seed(), "changes");
        long span = Math.max(
                1,
                Duration.between(start, end).getSeconds() - Duration.ofDays(1).getSeconds());
        long[] created = new long[config.changes()];
        for (int i = 0; i < created.length; i++) {
            created[i] = rnd.nextLong(span) / 60 * 60;
        }
        Arrays.sort(created);
        List<Change> out = new ArrayList<>(created.length);
        int id = 1000 + rnd.nextInt(500);
        for (long offset : created) {
            id += 1 + rnd.nextInt(30);
            String changeId = Integer.toString(id);
            Instant at = start.plusSeconds(offset);
            List<Patchset> patchsets = new ArrayList<>();
            Instant uploaded = at;
            String equivalence = null;
            for (int ps = 1; ps <= config.maxPatchsets(); ps++) {
                if (ps > 1) {
                    // Review rounds take an hour to a day; a patchset that would land too late never comes.
                    uploaded = uploaded.plusSeconds(3_600 + rnd.nextLong(23 * 3_600) / 60 * 60);
                    if (uploaded.isAfter(end) || rnd.nextDouble() >= 0.6) {
                        break;
                    }
                }
                String sha = Mix.sha(config.seed(), "change:" + changeId + ":" + ps);
                boolean trivial = ps > 1 && rnd.nextDouble() < config.trivialRebaseRate();
                equivalence = trivial ? equivalence : sha;
                patchsets.add(new Patchset(ps, sha, equivalence, uploaded));
            }
            boolean merged = rnd.nextDouble() >= config.abandonRate();
            out.add(new Change(changeId, baseAt(at), at, patchsets, merged));
        }
        return List.copyOf(out);
    }

    /** The newest revision committed by the time, -1 when the history had not started. */
    private int baseAt(Instant t) {
        int base = -1;
        for (Revision r : revisions) {
            if (r.time().isAfter(t)) {
                break;
            }
            base = r.index();
        }
        return base;
    }
}
