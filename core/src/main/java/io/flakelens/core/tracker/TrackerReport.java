package io.flakelens.core.tracker;

import io.flakelens.core.bugs.BugRef;
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

    /** A non-deterministic test of one job. {@code bug} is null when no bug tracks it. */
    public record TestLine(String test, String owner, long occurrences, long runs, BugRef bug) {
        public double flakeRate() {
            return runs == 0 ? 0 : Math.min(1.0, (double) occurrences / runs);
        }

        public boolean tracked() {
            return bug != null && bug.open();
        }
    }

    /**
     * One job: its status, runs in the window, how many of its latest runs failed, and its flaky
     * tests most occurrences first.
     */
    public record Job(
            String job, JobStatus status, long runs, long latestRuns, long latestFailed, List<TestLine> tests) {
        public Job {
            tests = List.copyOf(tests);
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

    /** One owner across every group: job x test lines, occurrences, lines with an open bug, jobs touched. */
    public record OwnerTotal(String owner, long lines, long occurrences, long tracked, long jobs) {}

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
