package io.flakelens.app.cli;

import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.query.InfraFailure;
import io.flakelens.store.query.RunQuery;
import io.flakelens.store.query.RunSummary;
import java.io.PrintWriter;
import java.time.Instant;
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

/** {@code flakelens runs}: recent runs, or with {@code --infra} the failures of runs and environments. */
@Command(name = "runs", description = "List runs; --infra lists infrastructure failures and broken environments.")
public final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(names = "--infra", description = "Runs where most tests failed at once, and suites failing whole on a builder")
    boolean infra;

    @Option(names = "--since", defaultValue = "14d", description = "Window (default: ${DEFAULT-VALUE}); all for everything")
    String since;

    @Option(names = "--job", description = "Only this job")
    String job;

    @Option(names = "--builder", description = "Only this builder")
    String builder;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many runs; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UserException("--limit must be 0 (all) or more");
        }
        Instant from = Since.parse(since, Instant.now());
        try (Database db = store.open()) {
            PrintWriter out = spec.commandLine().getOut();
            RunQuery q = new RunQuery(db);
            if (infra) {
                Detection.refresh(db, false);
                printInfra(out, q.infra(from, job, builder));
            } else {
                printRuns(out, q.runs(from, job, builder, limit));
            }
            out.flush();
        }
        return 0;
    }

    private void printRuns(PrintWriter out, List<RunSummary> runs) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(runs.stream().map(RunsCommand::json).toList()));
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (RunSummary r : runs) {
            rows.add(Arrays.asList(r.at().toString(), r.job(), r.builder(), r.revision(), r.change(), r.patchset(),
                    r.tests(), r.failed(), r.flaky(), r.status(), r.run()));
        }
        out.print(TableRenderer.render(new Table(List.of("started", "job", "builder", "revision", "change", "patchset",
                "tests", "failed", "flaky", "status", "run"), rows), output.format));
    }

    private void printInfra(PrintWriter out, List<InfraFailure> items) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(items.stream().map(i -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", i.kind());
                m.put("job", i.job());
                m.put("builder", i.builder());
                m.put("suite", i.suite());
                m.put("runs", i.runs());
                m.put("first", i.first().toString());
                m.put("last", i.last().toString());
                m.put("failed", i.failed());
                m.put("total", i.total());
                m.put("message", i.message());
                m.put("example_run", i.exampleRun());
                return m;
            }).toList()));
            return;
        }
        if (items.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No infrastructure failures in the window (--since " + since + ").");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (InfraFailure i : items) {
            rows.add(Arrays.asList(i.kind(), i.job(), i.builder(), i.suite(), i.runs(), i.first().toString(),
                    i.last().toString(), i.failed() + "/" + i.total(), i.message(), i.exampleRun()));
        }
        out.print(TableRenderer.render(new Table(List.of("kind", "job", "builder", "suite", "runs", "first", "last",
                "failed", "message", "run"), rows), output.format));
    }

    /** The fields of one run, the same for {@code runs --format json} and the HTTP API. */
    public static Map<String, Object> json(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", r.run());
        m.put("source", r.source());
        m.put("job", r.job());
        m.put("builder", r.builder());
        m.put("revision", r.revision());
        m.put("change", r.change());
        m.put("patchset", r.patchset());
        m.put("attempt", r.attempt());
        m.put("started_at", r.at().toString());
        m.put("status", r.status());
        m.put("tests", r.tests());
        m.put("failed", r.failed());
        m.put("flaky", r.flaky());
        m.put("url", r.url());
        return m;
    }
}
