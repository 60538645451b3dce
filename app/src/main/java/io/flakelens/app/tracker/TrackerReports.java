package io.flakelens.app.tracker;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.config.JobGroup;
import io.flakelens.core.owner.Subject;
import io.flakelens.core.tracker.JobStatus;
import io.flakelens.core.tracker.TrackerReport;
import io.flakelens.store.Database;
import io.flakelens.store.bugs.BugStore;
import io.flakelens.store.bugs.StoredBug;
import io.flakelens.store.query.TrackerQuery;
import io.flakelens.store.query.TrackerQuery.JobFacts;
import io.flakelens.store.query.TrackerQuery.TestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gathers one {@link TrackerReport}: job groups from the config (without groups, every job forms
 * one group, "all jobs"; with groups, a job in none of them is left out, and a job in two is in
 * both), owners through the owner chain with the job of each line, bugs from the store (the newest
 * bug of the test's group).
 */
public final class TrackerReports {
    public static final String ALL_JOBS = "all jobs";

    private TrackerReports() {}

    public static TrackerReport build(Database db, FlakelensConfig cfg, Instant since, Instant until) {
        List<JobFacts> facts = new TrackerQuery(db).jobs(since, until, cfg.failingRuns());
        Map<String, StoredBug> bugs = new BugStore(db).latestByFlake(cfg.bugs().repo());
        List<JobGroup> groups = cfg.groups().isEmpty()
                ? List.of(new JobGroup(ALL_JOBS, List.of(Pattern.compile(".*", Pattern.DOTALL))))
                : cfg.groups();
        List<TrackerReport.Group> out = new ArrayList<>();
        for (JobGroup g : groups) {
            List<TrackerReport.Job> jobs = new ArrayList<>();
            for (JobFacts j : facts) {
                if (!g.contains(j.job())) {
                    continue;
                }
                long occurrences =
                        j.tests().stream().mapToLong(TestFacts::occurrences).sum();
                JobStatus status = JobStatus.of(j.latestRuns(), j.latestFailed(), occurrences);
                List<TrackerReport.TestLine> lines = new ArrayList<>();
                for (TestFacts t : j.tests()) {
                    StoredBug bug = bugs.get(t.group());
                    lines.add(new TrackerReport.TestLine(
                            t.suite().isEmpty() ? t.name() : t.suite() + "::" + t.name(),
                            cfg.owners()
                                    .of(new Subject(j.job(), t.suite(), t.name(), t.file()))
                                    .name(),
                            t.occurrences(),
                            t.runs(),
                            bug == null ? null : bug.ref()));
                }
                jobs.add(new TrackerReport.Job(j.job(), status, j.runs(), j.latestRuns(), j.latestFailed(), lines));
            }
            out.add(new TrackerReport.Group(g.name(), jobs));
        }
        return new TrackerReport(since, until, out);
    }
}
