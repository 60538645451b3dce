package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.TestHistoryJson;
import io.flakelens.core.changepoint.Changepoint;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.query.TestHistory;
import io.flakelens.store.query.TestHistoryQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flakelens test ID}: one test's outcomes per run, per builder and per week. */
@Command(name = "test", description = "Show one test's history: outcomes per run, per builder, over time.")
public final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    CommitOrderOptions commitOrder;

    @Mixin
    FormatOptions output;

    @Parameters(paramLabel = "ID", description = "The test, as suite::name (as flakes prints it)")
    String id;

    @Option(
            names = "--limit",
            defaultValue = "50",
            description = "Runs to list, newest first (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            TestHistoryQuery q = new TestHistoryQuery(db);
            TestHistory h = q.find(id, Math.max(1, limit)).orElseThrow(() -> {
                List<String> near = q.similar(id, 5);
                return new UserException(
                        "no test " + id + " in " + db.spec()
                                + (near.isEmpty() ? "" : "; similar: " + String.join(", ", near)),
                        1);
            });
            List<ClusterStore.ClusterRow> modes = new ClusterStore(db).clustersOf(h.id().key());
            List<SegmentedHistory> segments = new TestChanges(db, commitOrder.order()).of(h.id().key());
            print(spec.commandLine().getOut(), h, modes, segments);
            if (output.format == OutputFormat.TABLE) {
                printSegments(spec.commandLine().getOut(), segments);
                printFailureModes(spec.commandLine().getOut(), modes);
            }
        }
        return 0;
    }

    private void print(
            PrintWriter out, TestHistory h, List<ClusterStore.ClusterRow> modes, List<SegmentedHistory> segments) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(TestHistoryJson.of(h, modes, segments)));
            out.flush();
            return;
        }
        if (output.format == OutputFormat.TABLE) {
            out.println(h.id().id() + "   (group " + h.group() + (h.file() == null ? "" : ", file " + h.file()) + ")");
            out.println();
            out.println("Per builder:");
        }
        List<List<Object>> b = new ArrayList<>();
        for (TestHistory.BuilderSummary s : h.builders()) {
            b.add(List.of(s.builder(), s.runs(), s.failed(), s.flaky(), s.occurrences(), s.passRate()));
        }
        out.print(TableRenderer.render(
                new Table(List.of("builder", "runs", "failed", "flaky", "flake_occurrences", "pass_rate"), b),
                output.format));
        if (output.format == OutputFormat.TABLE) {
            out.println();
            out.println("Per week:");
        }
        List<List<Object>> w = new ArrayList<>();
        for (TestHistory.WeekSummary s : h.weeks()) {
            w.add(List.of(
                    s.week().toString().substring(0, 10),
                    s.runs(),
                    s.failed(),
                    s.flaky(),
                    s.occurrences(),
                    s.flakeRate()));
        }
        out.print(TableRenderer.render(
                new Table(List.of("week", "runs", "failed", "flaky", "flake_occurrences", "flake_rate"), w),
                output.format));
        if (output.format == OutputFormat.TABLE) {
            out.println();
            out.println("Runs, newest first (attempts: P pass, F fail, E error, S skip):");
        }
        List<List<Object>> r = new ArrayList<>();
        for (TestHistory.RunOutcome o : h.runs()) {
            r.add(java.util.Arrays.asList(
                    o.at().toString(),
                    o.job(),
                    o.builder(),
                    shortRev(o.revision()),
                    o.change(),
                    o.patchset(),
                    o.attempts(),
                    o.verdict(),
                    o.evidence(),
                    abbreviate(o.message()),
                    o.run()));
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of(
                                "at",
                                "job",
                                "builder",
                                "revision",
                                "change",
                                "patchset",
                                "attempts",
                                "verdict",
                                "evidence",
                                "message",
                                "run"),
                        r),
                output.format));
        out.flush();
    }

    /** Each job and builder's main-line history, cut where the test's behaviour changed. */
    private static void printSegments(PrintWriter out, List<SegmentedHistory> histories) {
        if (histories.isEmpty()) {
            return;
        }
        out.println();
        out.println(
                "Main-line segments (commit order; a change lies after the first revision of 'began', through the second):");
        List<List<Object>> rows = new ArrayList<>();
        for (SegmentedHistory sh : histories) {
            for (Segment s : sh.segments()) {
                Changepoint c = s.start();
                String began = c == null
                        ? ""
                        : shortRev(sh.revision(c.lower())) + ".." + shortRev(sh.revision(c.upper()))
                                + String.format(" (%d commits, %.0f%%)", c.width(), 100 * c.confidence());
                rows.add(java.util.Arrays.asList(
                        sh.history().job(),
                        sh.history().builder(),
                        shortRev(sh.revision(s.first())),
                        shortRev(sh.revision(s.last())),
                        s.last() - s.first() + 1,
                        s.runs(),
                        String.format("%.3f", s.unexpectedRate()),
                        s.state().label(),
                        began));
            }
        }
        for (SegmentedHistory sh : histories) {
            if (!sh.history().unordered().isEmpty()) {
                out.printf(
                        "%s/%s: %d revisions not in the repository, placed by when they first ran: %s%n",
                        sh.history().job(),
                        sh.history().builder(),
                        sh.history().unordered().size(),
                        String.join(
                                ", ", sh.history().unordered().stream().limit(5).toList()));
            }
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of("job", "builder", "first", "last", "commits", "runs", "failure_rate", "state", "began"),
                        rows),
                OutputFormat.TABLE));
        out.flush();
    }

    /** The clusters this test's failures fell in at the last {@code flakelens cluster}: its distinct failure modes. */
    private static void printFailureModes(PrintWriter out, List<ClusterStore.ClusterRow> modes) {
        if (modes.isEmpty()) {
            return;
        }
        out.println();
        out.println("Failure modes (clusters of its failures at the last flakelens cluster):");
        List<List<Object>> rows = new ArrayList<>();
        for (ClusterStore.ClusterRow k : modes) {
            String template = k.site() == null || k.site().isEmpty() ? k.template() : k.template() + " at " + k.site();
            rows.add(java.util.Arrays.asList(
                    k.id(),
                    k.size(),
                    abbreviate(template),
                    k.tests(),
                    k.flakeShare() == null ? "" : String.format("%.2f", k.flakeShare())));
        }
        out.print(TableRenderer.render(
                new Table(List.of("cluster", "failures", "template", "tests_in_cluster", "flake_share"), rows),
                OutputFormat.TABLE));
        out.flush();
    }

    private static String shortRev(String r) {
        return r == null || r.length() <= 12 ? r : r.substring(0, 12);
    }

    private static String abbreviate(String m) {
        if (m == null) {
            return null;
        }
        String one = m.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
