package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.core.aggregate.HistoricalChange;
import io.flakelens.core.aggregate.HistoricalComparison;
import io.flakelens.core.aggregate.HistoricalData;
import io.flakelens.core.aggregate.HistoricalDataException;
import io.flakelens.core.aggregate.HistoricalKind;
import io.flakelens.core.aggregate.HistoricalRow;
import io.flakelens.core.aggregate.HistoricalSummary;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens historical}: compares refreshed disruption or alert percentiles with the current
 * ones (the job-run-aggregator's analyze-historical-data). Both files are read and checked whole
 * before anything is written; two rows with one key are a warning on stderr, the row with more job
 * runs used. Exit 0 when nothing needs review, 3 when something does.
 */
@Command(
        name = "historical",
        mixinStandardHelpOptions = true,
        description = {
            "Compare new historical disruption or alert percentiles with the"
                    + " current ones, with a leeway; write the merged data and a pull-request summary.",
            "Exit codes: 0 nothing needs review, 3 something does, 1 error, 2 bad usage or input (nothing written)."
        })
final class HistoricalCommand implements Callable<Integer> {
    static final int NEEDS_REVIEW = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatOptions output;

    @Option(names = "--data-type", required = true, paramLabel = "TYPE", description = "disruptions or alerts")
    HistoricalKind dataType;

    @Option(names = "--current", required = true, paramLabel = "CUR.json", description = "The data in use now")
    Path current;

    @Option(names = "--new", required = true, paramLabel = "NEW.json", description = "The freshly computed data")
    Path next;

    @Option(
            names = "--leeway",
            defaultValue = "30",
            paramLabel = "PERCENT",
            description = "A P99 increase beyond" + " this percentage needs review (default: ${DEFAULT-VALUE})")
    double leeway;

    @Option(
            names = "--min-job-runs",
            defaultValue = "100",
            paramLabel = "N",
            description = "Rows with fewer job"
                    + " runs stay out of the summary and keep their current values (default: ${DEFAULT-VALUE})")
    int minJobRuns;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write the merged new data here (JSON, by key)")
    Path outputFile;

    @Option(names = "--summary-file", paramLabel = "FILE", description = "Write a Markdown summary for a pull request")
    Path summaryFile;

    @Override
    public Integer call() {
        if (!(leeway >= 0) || Double.isInfinite(leeway)) {
            throw new UserException("--leeway must be a percentage of 0 or more");
        }
        if (minJobRuns < 0) {
            throw new UserException("--min-job-runs must be 0 or more");
        }
        HistoricalComparison c;
        List<String> warnings = new ArrayList<>();
        try {
            List<HistoricalRow> cur = HistoricalData.read(current.toString(), bytes(current), dataType, warnings::add);
            List<HistoricalRow> nxt = HistoricalData.read(next.toString(), bytes(next), dataType, warnings::add);
            c = HistoricalComparison.compare(cur, nxt, leeway, minJobRuns);
        } catch (HistoricalDataException e) {
            throw new UserException(e.getMessage() + " (nothing written)");
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String w : warnings) {
            err.println("flakelens: warning: " + w);
        }
        err.flush();
        String markdown = HistoricalSummary.markdown(c, dataType);
        try {
            if (outputFile != null) {
                OutputFiles.write(outputFile, HistoricalData.write(c.merged()));
            }
            if (summaryFile != null) {
                OutputFiles.write(summaryFile, markdown);
            }
        } catch (IOException e) {
            throw new UserException("cannot write: " + e.getMessage(), 1);
        }
        print(spec.commandLine().getOut(), c, markdown);
        return c.needsReview() ? NEEDS_REVIEW : 0;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UserException(p + ": no such file (nothing written)");
        } catch (IOException e) {
            throw new UserException(p + ": cannot read: " + e.getMessage() + " (nothing written)");
        }
    }

    private void print(PrintWriter out, HistoricalComparison c, String markdown) {
        switch (output.format) {
            case JSON -> out.println(Json.write(json(c)));
            case MD -> out.print(markdown);
            default -> {
                if (output.format == OutputFormat.TABLE || output.format == OutputFormat.ORG) {
                    out.println((c.needsReview() ? "needs review: " : "nothing needs review: ")
                            + c.increases().size()
                            + " P99 increases beyond " + leewayText(c.leeway()) + "%, "
                            + c.decreases().size() + " decreases, " + c.added().size() + " added, "
                            + c.removed().size() + " removed, " + c.compared().size() + " compared");
                    out.println();
                }
                List<List<Object>> rows = new ArrayList<>();
                add(rows, "increase", c.increases());
                add(rows, "decrease", c.decreases());
                add(rows, "added", c.added());
                add(rows, "removed", c.removed());
                out.print(TableRenderer.render(
                        new Table(
                                List.of(
                                        "change",
                                        "key",
                                        "job_runs",
                                        "old_p95",
                                        "new_p95",
                                        "p95_change_percent",
                                        "old_p99",
                                        "new_p99",
                                        "p99_change_percent"),
                                rows),
                        output.format));
            }
        }
        out.flush();
    }

    private static void add(List<List<Object>> rows, String what, List<HistoricalChange> changes) {
        for (HistoricalChange h : changes) {
            rows.add(Arrays.asList(
                    what,
                    h.key(),
                    h.jobRuns(),
                    h.oldP95(),
                    h.newP95(),
                    round(h.p95Change()),
                    h.oldP99(),
                    h.newP99(),
                    round(h.p99Change())));
        }
    }

    static Map<String, Object> json(HistoricalComparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("needs_review", c.needsReview());
        m.put("increases", items(c.increases()));
        m.put("decreases", items(c.decreases()));
        m.put("added", items(c.added()));
        m.put("removed", items(c.removed()));
        return m;
    }

    private static List<Map<String, Object>> items(List<HistoricalChange> changes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoricalChange h : changes) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", h.key());
            x.put("name", h.name());
            x.put("job_runs", h.jobRuns());
            x.put("old_p95", h.oldP95());
            x.put("new_p95", h.newP95());
            x.put("p95_change_percent", round(h.p95Change()));
            x.put("old_p99", h.oldP99());
            x.put("new_p99", h.newP99());
            x.put("p99_change_percent", round(h.p99Change()));
            out.add(x);
        }
        return out;
    }

    private static String leewayText(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 100) / 100.0;
    }
}
