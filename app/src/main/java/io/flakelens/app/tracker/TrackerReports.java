package io.flakelens.app.tracker;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.config.JobGroup;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.core.owner.Subject;
import io.flakelens.core.tickets.Match;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketMatcher;
import io.flakelens.core.tracker.JobStatus;
import io.flakelens.core.tracker.TrackerReport;
import io.flakelens.store.Database;
import io.flakelens.store.bugs.BugStore;
import io.flakelens.store.bugs.StoredBug;
import io.flakelens.store.query.TrackerQuery;
import io.flakelens.store.query.TrackerQuery.FailedTest;
import io.flakelens.store.query.TrackerQuery.JobFacts;
import io.flakelens.store.query.TrackerQuery.TestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Gathers one {@link TrackerReport}: job groups from the config (without groups, every job forms
 * one group, "all jobs"; with groups, a job in none of them is left out, and a job in two is in
 * both), owners through the owner chain with the job of each line, bugs from the store (the newest
 * bug of the test's group), and, when a tracker is given, the hand-filed flake tickets that name
 * each test or its job.
 */
public final class TrackerReports {
    public static final String ALL_JOBS = "all jobs";

    private TrackerReports() {}

    public static TrackerReport build(Database db, FlakelensConfig cfg, Instant since, Instant until) {
        return build(db, cfg, since, until, null, w -> {});
    }

    /**
     * @param tracker where hand-filed tickets are read, null for none
     * @param warn    told when the tracker cannot be read (the report goes on without its tickets)
     */
    public static TrackerReport build(
            Database db, FlakelensConfig cfg, Instant since, Instant until, BugTracker tracker, Consumer<String> warn) {
        List<JobFacts> facts = new TrackerQuery(db).jobs(since, until, cfg.failingRuns());
        Map<String, StoredBug> bugs = new BugStore(db).latestByFlake(cfg.bugs().where());
        TicketMatcher tickets = tickets(facts, cfg, until, tracker, warn);
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
                    String id = id(t.suite(), t.name());
                    StoredBug bug = bugs.get(t.group());
                    lines.add(new TrackerReport.TestLine(
                            id,
                            owner(cfg, j.job(), t.suite(), t.name(), t.file()),
                            t.occurrences(),
                            t.runs(),
                            bug == null ? null : bug.ref(),
                            tracking(tickets, id, t.group(), j.job(), t.lastSeen())));
                }
                List<TrackerReport.TestLine> failing = new ArrayList<>();
                for (FailedTest t : j.failing()) {
                    String id = id(t.suite(), t.name());
                    StoredBug bug = bugs.get(t.group());
                    failing.add(new TrackerReport.TestLine(
                            id,
                            owner(cfg, j.job(), t.suite(), t.name(), t.file()),
                            t.failedRuns(),
                            j.latestRuns(),
                            bug == null ? null : bug.ref(),
                            tracking(tickets, id, t.group(), j.job(), t.lastFailed())));
                }
                jobs.add(new TrackerReport.Job(
                        j.job(), status, j.runs(), j.latestRuns(), j.latestFailed(), lines, failing));
            }
            out.add(new TrackerReport.Group(g.name(), jobs));
        }
        return new TrackerReport(since, until, out);
    }

    private static String id(String suite, String name) {
        return suite.isEmpty() ? name : suite + "::" + name;
    }

    private static String owner(FlakelensConfig cfg, String job, String suite, String name, String file) {
        return cfg.owners().of(new Subject(job, suite, name, file)).name();
    }

    private static TrackerReport.Tracking tracking(
            TicketMatcher tickets, String test, String group, String job, Instant lastSeen) {
        if (tickets == null) {
            return null;
        }
        Optional<Match> m = tickets.best(test, group, job);
        if (m.isEmpty()) {
            return null;
        }
        Ticket t = m.get().ticket();
        return new TrackerReport.Tracking(
                t.key(),
                t.url(),
                m.get().effort(),
                m.get().strength(),
                !t.open() && lastSeen != null && lastSeen.isAfter(t.closedAt()));
    }

    /**
     * The flake tickets at the tracker, matched against the report's tests and jobs; the open ones that
     * name something get their linked pull requests (one call each), for their effort state.
     */
    private static TicketMatcher tickets(
            List<JobFacts> facts, FlakelensConfig cfg, Instant now, BugTracker tracker, Consumer<String> warn) {
        if (tracker == null) {
            return null;
        }
        Set<String> tests = new LinkedHashSet<>();
        Set<String> jobs = new LinkedHashSet<>();
        for (JobFacts j : facts) {
            jobs.add(j.job());
            j.tests().forEach(t -> {
                tests.add(id(t.suite(), t.name()));
                tests.add(t.group());
            });
            j.failing().forEach(t -> {
                tests.add(id(t.suite(), t.name()));
                tests.add(t.group());
            });
        }
        TicketMatcher matcher = new TicketMatcher(tests, jobs);
        List<Ticket> found;
        try {
            found = tracker.flakeTickets(cfg.bugs().tickets(), now);
        } catch (RuntimeException e) {
            warn.accept("cannot read the flake tickets at " + tracker.name() + ": " + e.getMessage()
                    + "; the report shows Flakelens's own bugs only");
            return null;
        }
        List<Ticket> enriched = new ArrayList<>();
        for (Ticket t : found) {
            if (t.open() && !matcher.matches(t).isEmpty()) {
                try {
                    t = t.withChanges(tracker.linkedChanges(t));
                } catch (RuntimeException e) {
                    warn.accept("cannot read the pull requests linked to " + t.key() + ": " + e.getMessage());
                }
            }
            enriched.add(t);
        }
        return matcher.index(enriched);
    }
}
