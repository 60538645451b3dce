package io.flakelens.app.cli;

import io.flakelens.app.contract.ConsistentFailureJson;
import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.RunJson;
import io.flakelens.app.contract.Window;
import io.flakelens.core.model.TestId;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.query.ConsistentFailure;
import io.flakelens.store.query.ConsistentFailureQuery;
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

/**
 * {@code flakelens runs}: recent runs; with {@code --infra} the failures of runs and environments; with
 * {@code --consistent} the tests failing in every run of their code.
 */
@Command(
        name = "runs",
        description = "List runs; --infra lists infrastructure failures and broken environments,"
                + " --consistent the tests failing in every run of their code.")
public final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--infra",
            description = "Runs where most tests that normally pass failed at once, and stretches of"
                    + " runs in which a suite failed whole on a builder")
    boolean infra;

    @Option(
            names = "--consistent",
            description = "Tests failing in every run of their code on a job and builder, as in"
                    + " the code before: real failures, kept out of both flakes and crashes")
    boolean consistent;

    @Option(
            names = "--since",
            defaultValue = Window.DEFAULT,
            description = "Window (default: ${DEFAULT-VALUE}); all for everything")
    String since;

    @Option(names = "--job", description = "Only this job")
    String job;

    @Option(names = "--builder", description = "Only this builder")
    String builder;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description =
                    "At most this many runs, or tests with --consistent;" + " 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (infra && consistent) {
            throw new UserException("--infra and --consistent are two views; choose one");
        }
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
            } else if (consistent) {
                Detection.refresh(db, false);
                printConsistent(out, new ConsistentFailureQuery(db).list(from, job, builder, limit));
            } else {
                printRuns(out, q.runs(from, job, builder, limit));
            }
            out.flush();
        }
        return 0;
    }

    private void printRuns(PrintWriter out, List<RunSummary> runs) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(runs.stream().map(RunJson::of).toList()));
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (RunSummary r : runs) {
            rows.add(Arrays.asList(
                    r.at().toString(),
                    r.job(),
                    r.builder(),
                    r.revision(),
                    r.change(),
                    r.patchset(),
                    r.tests(),
                    r.failed(),
                    r.flaky(),
                    r.status(),
                    r.run()));
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of(
                                "started",
                                "job",
                                "builder",
                                "revision",
                                "change",
                                "patchset",
                                "tests",
                                "failed",
                                "flaky",
                                "status",
                                "run"),
                        rows),
                output.format));
    }

    private void printInfra(PrintWriter out, List<InfraFailure> items) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(items.stream()
                    .map(i -> {
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
                    })
                    .toList()));
            return;
        }
        if (items.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No infrastructure failures in the window (--since " + since + ").");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (InfraFailure i : items) {
            rows.add(Arrays.asList(
                    i.kind(),
                    i.job(),
                    i.builder(),
                    i.suite(),
                    i.runs(),
                    i.first().toString(),
                    i.last().toString(),
                    i.failed() + "/" + i.total(),
                    i.message(),
                    i.exampleRun()));
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of("kind", "job", "builder", "suite", "runs", "first", "last", "failed", "message", "run"),
                        rows),
                output.format));
    }

    private void printConsistent(PrintWriter out, List<ConsistentFailure> items) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(items.stream().map(ConsistentFailureJson::of).toList()));
            return;
        }
        if (items.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No consistently failing tests in the window (--since " + since + ").");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (ConsistentFailure i : items) {
            rows.add(Arrays.asList(
                    i.job(),
                    i.builder(),
                    new TestId(i.suite(), i.name()).id(),
                    i.runs(),
                    i.first().toString(),
                    i.last().toString(),
                    i.lastPassed() == null ? "never" : i.lastPassed().toString(),
                    i.message(),
                    i.exampleRun()));
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of("job", "builder", "test", "runs", "first", "last", "last_passed", "message", "run"),
                        rows),
                output.format));
    }
}
