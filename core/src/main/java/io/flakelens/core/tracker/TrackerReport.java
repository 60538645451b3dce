package io.flakelens.core.tracker;

import io.flakelens.core.bugs.BugRef;
import io.flakelens.core.tickets.Effort;
import io.flakelens.core.tickets.Strength;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The whole report: one section per job group, then totals per owner. */
public record TrackerReport(Instant from, Instant to, List<Group> groups) {
    public TrackerReport {
        groups = List.copyOf(groups);
    }

    /**
     * A hand-filed ticket tracking a test line, how surely it names the test, and whether the flake
     * came back after the ticket was fixed.
     */
    public record Tracking(String key, String url, Effort effort, Strength strength, boolean recurred) {}

    /**
     * A test of one job: a non-deterministic one (occurrences of flake evidence over the runs that ran
     * it) or, in a failing job's list, one that failed in its latest runs (failures over those runs).
     * {@code bug} is null when no Flakelens bug tracks it, {@code ticket} when no hand-filed ticket does.
     */
    public record TestLine(String test, String owner, long occurrences, long runs, BugRef bug, Tracking ticket) {
        public TestLine(String test, String owner, long occurrences, long runs, BugRef bug) {
            this(test, owner, occurrences, runs, bug, null);
        }

        public double flakeRate() {
            return runs == 0 ? 0 : Math.min(1.0, (double) occurrences / runs);
        }

        /**
         * Where the work on it stands: a ticket's effort state; {@code recurred} when that ticket was
         * fixed and the test failed since; {@code filed} when only an open Flakelens bug tracks it;
         * else {@code untracked}.
         */
        public String state() {
            if (ticket != null) {
                if (!ticket.recurred()) {
                    return ticket.effort().label();
                }
                if (bug == null || !bug.open()) {
                    return RECURRED;
                }
            }
            return bug != null && bug.open() ? FILED : UNTRACKED;
        }

        public boolean tracked() {
            String s = state();
            return !s.equals(UNTRACKED) && !s.equals(RECURRED);
        }
    }

    public static final String FILED = "filed";
    public static final String RECURRED = "recurred";
    public static final String UNTRACKED = "untracked";

    /** Every state a line can be in, in the order the totals list them. */
    public static List<String> stateNames() {
        List<String> out = new ArrayList<>();
        for (Effort e : Effort.values()) {
            out.add(e.label());
        }
        out.add(FILED);
        out.add(RECURRED);
        out.add(UNTRACKED);
        return out;
    }

    /**
     * One job: its status, runs in the window, how many of its latest runs failed, its flaky tests
     * most occurrences first, and (when failing) the tests that failed in its latest runs: why it fails.
     */
    public record Job(
            String job,
            JobStatus status,
            long runs,
            long latestRuns,
            long latestFailed,
            List<TestLine> tests,
            List<TestLine> failing) {
        public Job {
            tests = List.copyOf(tests);
            failing = List.copyOf(failing);
        }

        public Job(String job, JobStatus status, long runs, long latestRuns, long latestFailed, List<TestLine> tests) {
            this(job, status, runs, latestRuns, latestFailed, tests, List.of());
        }

        public long untracked() {
            return tests.size() - tracked();
        }

        public long occurrences() {
            return tests.stream().mapToLong(TestLine::occurrences).sum();
        }

        public long tracked() {
            return tests.stream().filter(TestLine::tracked).count();
        }
    }

    public record Group(String name, List<Job> jobs) {
        public Group {
            jobs = List.copyOf(jobs);
        }

        public long count(JobStatus s) {
            return jobs.stream().filter(j -> j.status() == s).count();
        }

        public long flakyTests() {
            return jobs.stream().mapToLong(j -> j.tests().size()).sum();
        }

        public long tracked() {
            return jobs.stream().mapToLong(Job::tracked).sum();
        }
    }

    /** One owner across every group: job x test lines, occurrences, tracked lines, jobs touched. */
    public record OwnerTotal(String owner, long lines, long occurrences, long tracked, long jobs) {
        public long untracked() {
            return lines - tracked;
        }
    }

    /** Flaky job x test lines per state, every state listed (a job in two groups counts once). */
    public Map<String, Long> states() {
        Map<String, Long> out = new LinkedHashMap<>();
        stateNames().forEach(s -> out.put(s, 0L));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Group g : groups) {
            for (Job j : g.jobs()) {
                for (TestLine t : j.tests()) {
                    if (seen.add(j.job() + "\u0000" + t.test())) {
                        out.merge(t.state(), 1L, Long::sum);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Per owner, most occurrences first, then by name; a test on two jobs counts as two lines, a job
     * in two groups counts once.
     */
    public List<OwnerTotal> owners() {
        Map<String, long[]> acc = new TreeMap<>();
        Map<String, java.util.Set<String>> jobs = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Group g : groups) {
            for (Job j : g.jobs()) {
                for (TestLine t : j.tests()) {
                    if (!seen.add(j.job() + "\u0000" + t.test())) {
                        continue;
                    }
                    long[] a = acc.computeIfAbsent(t.owner(), k -> new long[3]);
                    a[0]++;
                    a[1] += t.occurrences();
                    a[2] += t.tracked() ? 1 : 0;
                    jobs.computeIfAbsent(t.owner(), k -> new java.util.TreeSet<>())
                            .add(j.job());
                }
            }
        }
        List<OwnerTotal> out = new ArrayList<>();
        acc.forEach((o, a) ->
                out.add(new OwnerTotal(o, a[0], a[1], a[2], jobs.get(o).size())));
        out.sort((a, b) -> a.occurrences() != b.occurrences()
                ? Long.compare(b.occurrences(), a.occurrences())
                : a.owner().compareTo(b.owner()));
        return out;
    }

    /** A share as a percentage with one decimal, 0 of 0 being 0. */
    public static double percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
