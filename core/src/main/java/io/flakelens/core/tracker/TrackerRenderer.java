package io.flakelens.core.tracker;

import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.core.tracker.TrackerReport.Group;
import io.flakelens.core.tracker.TrackerReport.Job;
import io.flakelens.core.tracker.TrackerReport.OwnerTotal;
import io.flakelens.core.tracker.TrackerReport.TestLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link TrackerReport} in every format from the same tables: per group a job table and
 * one test table per flaky job, then totals per group, per job and per owner. CSV is the flat
 * exception: a header and one row per job x test (a job without flaky tests
 * gets one row with the test columns empty, so every job's status is in it too); its totals are
 * sums over those rows. JSON is {@link #json} as maps, for the caller's JSON writer; HTML is the app's
 * page template over the same public tables.
 */
public final class TrackerRenderer {
    private TrackerRenderer() {}

    /** A percentage cell: one decimal in text formats, a plain number in JSON. */
    record Pct(double value) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.1f", value);
        }
    }

    private static Pct pct(long part, long whole) {
        return new Pct(TrackerReport.percent(part, whole));
    }

    static final List<String> CSV_COLUMNS = List.of(
            "group",
            "job",
            "job_status",
            "job_runs",
            "latest_runs",
            "latest_failed",
            "test",
            "owner",
            "occurrences",
            "test_runs",
            "flake_rate",
            "bug",
            "bug_state",
            "ticket",
            "match",
            "state",
            "failed_latest");

    public static String render(TrackerReport r, OutputFormat f) {
        return switch (f) {
            case CSV -> TableRenderer.render(flat(r), OutputFormat.CSV);
            case JSON -> throw new IllegalArgumentException("JSON is written from TrackerRenderer.json");
            case HTML ->
                throw new IllegalArgumentException("HTML is rendered from these tables by the app's page template");
            default -> sections(r, f);
        };
    }

    static Table flat(TrackerReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Group g : r.groups()) {
            for (Job j : g.jobs()) {
                List<Object> job =
                        List.of(g.name(), j.job(), j.status().label(), j.runs(), j.latestRuns(), j.latestFailed());
                if (j.tests().isEmpty() && j.failing().isEmpty()) {
                    List<Object> row = new ArrayList<>(job);
                    for (int i = job.size(); i < CSV_COLUMNS.size(); i++) {
                        row.add(null);
                    }
                    rows.add(row);
                }
                for (TestLine t : j.tests()) {
                    List<Object> row = new ArrayList<>(job);
                    row.addAll(test(t));
                    row.add(null);
                    rows.add(row);
                }
                for (TestLine t : j.failing()) {
                    List<Object> row = new ArrayList<>(job);
                    row.add(t.test());
                    row.add(t.owner());
                    row.add(null);
                    row.add(null);
                    row.add(null);
                    row.addAll(tracking(t));
                    row.add(t.occurrences());
                    rows.add(row);
                }
            }
        }
        return new Table(CSV_COLUMNS, rows);
    }

    private static List<Object> test(TestLine t) {
        List<Object> row = new ArrayList<>();
        row.add(t.test());
        row.add(t.owner());
        row.add(t.occurrences());
        row.add(t.runs());
        row.add(t.flakeRate());
        row.addAll(tracking(t));
        return row;
    }

    /** bug, bug_state, ticket (its link), match (the strength of its naming), state. */
    private static List<Object> tracking(TestLine t) {
        List<Object> row = new ArrayList<>();
        row.add(t.bug() == null ? null : t.bug().url());
        row.add(t.bug() == null ? null : t.bug().state());
        row.add(t.ticket() == null ? null : t.ticket().url());
        row.add(t.ticket() == null ? null : t.ticket().strength().label());
        row.add(t.state());
        return row;
    }

    /** A failing job's tests that failed in its latest runs, with owner and what tracks them. */
    public static Table failing(Job j) {
        List<List<Object>> rows = new ArrayList<>();
        for (TestLine t : j.failing()) {
            List<Object> row = new ArrayList<>();
            row.add(t.test());
            row.add(t.owner());
            row.add(t.occurrences() + "/" + t.runs());
            row.addAll(tracking(t));
            rows.add(row);
        }
        return new Table(
                List.of("failed_test", "owner", "failed_latest", "bug", "bug_state", "ticket", "match", "state"), rows);
    }

    /** Flaky job x test lines per state: how far the work on the flakes has come. */
    public static Table stateTotals(TrackerReport r) {
        Map<String, Long> states = r.states();
        long all = states.values().stream().mapToLong(Long::longValue).sum();
        List<List<Object>> rows = new ArrayList<>();
        states.forEach((s, n) -> rows.add(List.of(s, n, pct(n, all))));
        return new Table(List.of("state", "flaky_tests", "pct"), rows);
    }

    public static Table jobs(Group g) {
        List<List<Object>> rows = new ArrayList<>();
        for (Job j : g.jobs()) {
            rows.add(List.of(
                    j.job(),
                    j.status().label(),
                    j.runs(),
                    j.latestFailed() + "/" + j.latestRuns(),
                    j.tests().size(),
                    j.occurrences(),
                    j.tracked(),
                    pct(j.tracked(), j.tests().size())));
        }
        return new Table(
                List.of(
                        "job",
                        "status",
                        "runs",
                        "latest_failed",
                        "flaky_tests",
                        "occurrences",
                        "tracked",
                        "tracked_pct"),
                rows);
    }

    public static Table tests(Job j) {
        List<List<Object>> rows = new ArrayList<>();
        for (TestLine t : j.tests()) {
            List<Object> row = test(t);
            rows.add(row);
        }
        return new Table(
                List.of(
                        "test",
                        "owner",
                        "occurrences",
                        "runs",
                        "flake_rate",
                        "bug",
                        "bug_state",
                        "ticket",
                        "match",
                        "state"),
                rows);
    }

    public static Table groupTotals(TrackerReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Group g : r.groups()) {
            long n = g.jobs().size();
            rows.add(List.of(
                    g.name(),
                    n,
                    g.count(JobStatus.PASSING),
                    pct(g.count(JobStatus.PASSING), n),
                    g.count(JobStatus.FLAKY),
                    pct(g.count(JobStatus.FLAKY), n),
                    g.count(JobStatus.FAILING),
                    pct(g.count(JobStatus.FAILING), n),
                    g.flakyTests(),
                    g.tracked(),
                    pct(g.tracked(), g.flakyTests()),
                    g.flakyTests() - g.tracked()));
        }
        return new Table(
                List.of(
                        "group",
                        "jobs",
                        "passing",
                        "passing_pct",
                        "flaky",
                        "flaky_pct",
                        "failing",
                        "failing_pct",
                        "flaky_tests",
                        "tracked",
                        "tracked_pct",
                        "untracked"),
                rows);
    }

    public static Table jobTotals(TrackerReport r) {
        long all = r.groups().stream()
                .flatMap(g -> g.jobs().stream())
                .mapToLong(Job::occurrences)
                .sum();
        List<List<Object>> rows = new ArrayList<>();
        for (Group g : r.groups()) {
            for (Job j : g.jobs()) {
                rows.add(List.of(
                        g.name(),
                        j.job(),
                        j.status().label(),
                        j.tests().size(),
                        j.occurrences(),
                        pct(j.occurrences(), all),
                        j.tracked(),
                        pct(j.tracked(), j.tests().size()),
                        j.untracked()));
            }
        }
        return new Table(
                List.of(
                        "group",
                        "job",
                        "status",
                        "flaky_tests",
                        "occurrences",
                        "occurrences_pct",
                        "tracked",
                        "tracked_pct",
                        "untracked"),
                rows);
    }

    public static Table ownerTotals(TrackerReport r) {
        long all = r.owners().stream().mapToLong(OwnerTotal::occurrences).sum();
        List<List<Object>> rows = new ArrayList<>();
        for (OwnerTotal o : r.owners()) {
            rows.add(List.of(
                    o.owner(),
                    o.lines(),
                    o.jobs(),
                    o.occurrences(),
                    pct(o.occurrences(), all),
                    o.tracked(),
                    pct(o.tracked(), o.lines()),
                    o.untracked()));
        }
        return new Table(
                List.of(
                        "owner",
                        "flaky_tests",
                        "jobs",
                        "occurrences",
                        "occurrences_pct",
                        "tracked",
                        "tracked_pct",
                        "untracked"),
                rows);
    }

    public static String title(TrackerReport r) {
        return "Flake tracker, " + r.from() + " to " + r.to();
    }

    /** Text, org and markdown: headings in the format's syntax around the same tables. */
    private static String sections(TrackerReport r, OutputFormat f) {
        StringBuilder sb = new StringBuilder();
        heading(sb, f, 1, title(r));
        for (Group g : r.groups()) {
            heading(
                    sb,
                    f,
                    2,
                    g.name() + ": " + g.jobs().size() + " jobs, " + g.count(JobStatus.FLAKY) + " flaky, "
                            + g.count(JobStatus.FAILING) + " failing");
            sb.append(TableRenderer.render(jobs(g), f)).append('\n');
            for (Job j : g.jobs()) {
                if (!j.tests().isEmpty() || !j.failing().isEmpty()) {
                    heading(sb, f, 3, j.job() + " (" + j.status().label() + ")");
                }
                if (!j.failing().isEmpty()) {
                    sb.append(TableRenderer.render(failing(j), f)).append('\n');
                }
                if (!j.tests().isEmpty()) {
                    sb.append(TableRenderer.render(tests(j), f)).append('\n');
                }
            }
        }
        heading(sb, f, 2, "Totals per group");
        sb.append(TableRenderer.render(groupTotals(r), f)).append('\n');
        heading(sb, f, 2, "Totals per job");
        sb.append(TableRenderer.render(jobTotals(r), f)).append('\n');
        heading(sb, f, 2, "Totals per owner");
        sb.append(TableRenderer.render(ownerTotals(r), f)).append('\n');
        heading(sb, f, 2, "Totals per state");
        sb.append(TableRenderer.render(stateTotals(r), f));
        return sb.toString();
    }

    private static void heading(StringBuilder sb, OutputFormat f, int level, String text) {
        switch (f) {
            case MD -> sb.append("#".repeat(level)).append(' ').append(text).append("\n\n");
            case ORG -> sb.append("*".repeat(level)).append(' ').append(text).append("\n\n");
            default ->
                sb.append(level == 1 ? "== " : level == 2 ? "-- " : "")
                        .append(text)
                        .append("\n\n");
        }
    }

    /** The JSON shape: groups with jobs with tests, then the three kinds of totals. */
    public static Map<String, Object> json(TrackerReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        List<Object> groups = new ArrayList<>();
        for (Group g : r.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("name", g.name());
            List<Object> jobs = new ArrayList<>();
            for (Job j : g.jobs()) {
                Map<String, Object> jm = new LinkedHashMap<>();
                jm.put("job", j.job());
                jm.put("status", j.status().label());
                jm.put("runs", j.runs());
                jm.put("latest_runs", j.latestRuns());
                jm.put("latest_failed", j.latestFailed());
                List<Object> tests = new ArrayList<>();
                for (TestLine t : j.tests()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("test", t.test());
                    tm.put("owner", t.owner());
                    tm.put("occurrences", t.occurrences());
                    tm.put("runs", t.runs());
                    tm.put("flake_rate", Math.round(t.flakeRate() * 10_000) / 10_000.0);
                    trackingJson(t, tm);
                    tests.add(tm);
                }
                jm.put("tests", tests);
                List<Object> failing = new ArrayList<>();
                for (TestLine t : j.failing()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("test", t.test());
                    tm.put("owner", t.owner());
                    tm.put("failed_runs", t.occurrences());
                    tm.put("latest_runs", t.runs());
                    trackingJson(t, tm);
                    failing.add(tm);
                }
                jm.put("failing_tests", failing);
                jobs.add(jm);
            }
            gm.put("jobs", jobs);
            groups.add(gm);
        }
        m.put("groups", groups);
        m.put("totals_per_group", rows(groupTotals(r)));
        m.put("totals_per_job", rows(jobTotals(r)));
        m.put("totals_per_owner", rows(ownerTotals(r)));
        m.put("totals_per_state", rows(stateTotals(r)));
        return m;
    }

    private static void trackingJson(TestLine t, Map<String, Object> tm) {
        if (t.bug() != null) {
            tm.put(
                    "bug",
                    Map.of(
                            "id",
                            t.bug().id(),
                            "url",
                            t.bug().url(),
                            "state",
                            t.bug().state()));
        } else {
            tm.put("bug", null);
        }
        if (t.ticket() != null) {
            Map<String, Object> tk = new LinkedHashMap<>();
            tk.put("key", t.ticket().key());
            tk.put("url", t.ticket().url());
            tk.put("effort", t.ticket().effort().label());
            tk.put("match", t.ticket().strength().label());
            tk.put("recurred", t.ticket().recurred());
            tm.put("ticket", tk);
        } else {
            tm.put("ticket", null);
        }
        tm.put("state", t.state());
    }

    private static List<Map<String, Object>> rows(Table t) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                m.put(t.columns().get(i), v instanceof Pct p ? (Object) p.value() : v);
            }
            out.add(m);
        }
        return out;
    }
}
