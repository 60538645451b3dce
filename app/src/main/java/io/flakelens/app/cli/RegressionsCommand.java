package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.RegressionJson;
import io.flakelens.app.contract.Window;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens regressions}: tests that began failing consistently on the main line, with the
 * commits where it began. Not flakes: every run since fails, retries included.
 */
@Command(
        name = "regressions",
        description =
                "List tests that turned consistently failing on the main line, with the commit range where it began.")
final class RegressionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    CommitOrderOptions commitOrder;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--since",
            defaultValue = Window.DEFAULT,
            description = "Regressions that began in this window (default: ${DEFAULT-VALUE}); all for everything")
    String since;

    @Option(names = "--job", description = "Only this job")
    String job;

    @Option(names = "--builder", description = "Only this builder")
    String builder;

    @Override
    public Integer call() {
        Instant from = Since.parse(since, Instant.now());
        List<SegmentedHistory> found = new ArrayList<>();
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            new TestChanges(db, commitOrder.order()).each(h -> {
                if (regression(h)
                        && (job == null || job.equals(h.history().job()))
                        && (builder == null || builder.equals(h.history().builder()))
                        && !h.history().firstRun().get(h.latest().first()).isBefore(from)) {
                    found.add(h);
                }
            });
        }
        found.sort(Comparator.comparing((SegmentedHistory h) ->
                        h.history().firstRun().get(h.latest().first()))
                .reversed());
        PrintWriter out = spec.commandLine().getOut();
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(found.stream().map(RegressionJson::of).toList()));
        } else if (found.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No test began failing on the main line in the window (--since " + since + ").");
        } else {
            List<List<Object>> rows = new ArrayList<>();
            for (SegmentedHistory h : found) {
                RegressionJson r = RegressionJson.of(h);
                rows.add(java.util.Arrays.asList(
                        r.id(),
                        r.job(),
                        r.builder(),
                        r.since(),
                        r.suspectRange().after() + ".." + r.suspectRange().through(),
                        r.suspectRange().commits(),
                        r.suspectRange().confidence(),
                        r.commits(),
                        r.before()));
            }
            out.print(TableRenderer.render(
                    new Table(
                            List.of(
                                    "test",
                                    "job",
                                    "builder",
                                    "since",
                                    "suspect_range",
                                    "suspect_commits",
                                    "confidence",
                                    "commits_failing",
                                    "before"),
                            rows),
                    output.format));
        }
        out.flush();
        return 0;
    }

    /** Failing now, after a stretch that was not: a change made it fail. */
    static boolean regression(SegmentedHistory h) {
        int n = h.segments().size();
        return n >= 2
                && h.latest().state() == Segment.State.FAILING
                && h.segments().get(n - 2).state() != Segment.State.FAILING;
    }
}
