package io.flakelens.app.cli;

import io.flakelens.app.contract.IngestReply;
import io.flakelens.app.contract.Json;
import io.flakelens.app.ingest.ExpansionLimitException;
import io.flakelens.app.ingest.ExpansionLimits;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.app.ingest.NamedInput;
import io.flakelens.app.ingest.RunFlags;
import io.flakelens.app.s3.S3AccessException;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.app.testgrid.TestGridIngest;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flakelens ingest}: reads report files, folders and archives, local or in S3, into the store. */
@Command(
        name = "ingest",
        description = "Store test reports (files, folders, .zip, .gz, local or s3://) of one run or of a manifest,"
                + " or TestGrid tabs.")
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Parameters(
            paramLabel = "PATH",
            arity = "0..*",
            description = "Report files, folders, .zip or .gz archives; s3://bucket/key for an object,"
                    + " s3://bucket/prefix/ for every object under it")
    List<String> paths = new ArrayList<>();

    @Option(
            names = "--manifest",
            paramLabel = "runs.jsonl",
            description = "Many runs at once: one JSON object per line with the run's fields and its reports"
                    + " (a file or s3:// object; reports relative to it)")
    String manifest;

    @Mixin
    S3Options s3;

    @Mixin
    RunOptions runOptions;

    @Mixin
    ExpansionOptions expansion;

    @Mixin
    TestGridOptions testgrid;

    @Override
    public Integer call() throws IOException {
        if (manifest == null && paths.isEmpty() && !testgrid.any()) {
            throw new UserException(
                    "ingest: name report files or folders, --manifest runs.jsonl, --testgrid URL-or-FILE or "
                            + "--testgrid-dashboard NAME");
        }
        RunFlags flags = runOptions.flags(); // a bad --started is bad usage before the store is opened
        TestGridIngest.Request grids = testgrid.any() ? testgrid.request() : null;
        ExpansionLimits limits = expansion.limits();
        List<NamedInput> inputs;
        NamedInput manifestInput;
        try {
            inputs = NamedInput.all(paths);
            manifestInput = manifest == null ? null : NamedInput.of(manifest);
        } catch (IllegalArgumentException e) {
            throw new UserException("ingest: " + e.getMessage());
        }
        if (manifestInput instanceof NamedInput.Local local && !Files.isRegularFile(local.path())) {
            throw new UserException("--manifest: no such file " + manifest);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null && output.format != OutputFormat.JSON;
        IngestSession.traceUptime("command started");
        int exit;
        try (S3Objects objects = s3.store();
                Database db = openTraced();
                IngestProgress progress = new IngestProgress(terminal);
                Ingestion ingestion = new Ingestion(db, progress, System.getenv(), limits, objects)) {
            List<Ingestion.FileResult> all = new ArrayList<>();
            long runs = 0;
            long results = 0;
            if (!inputs.isEmpty()) {
                Ingestion.Summary s = ingestion.ingestNamed(flags, inputs);
                all.addAll(s.files());
                runs += s.runs();
                results += s.results();
            }
            if (manifestInput != null) {
                Ingestion.Summary s;
                try {
                    s = ingestion.ingestManifest(manifestInput);
                } catch (S3AccessException e) {
                    // the manifest itself (its reports reject themselves): nothing of it was stored
                    throw new UserException("--manifest " + e.getMessage(), e.missing() ? 2 : 1);
                }
                all.addAll(s.files());
                runs += s.runs();
                results += s.results();
            }
            List<TestGridIngest.TabResult> tabs = List.of();
            if (grids != null) {
                TestGridIngest.Summary s = new TestGridIngest(db).ingest(grids);
                tabs = s.tabs();
                all.addAll(s.files());
                runs += s.runs();
                results += s.results();
            }
            IngestSession.traceUptime("stored");
            progress.close();
            print(out, err, runs, results, all);
            IngestSession.traceUptime("printed");
            if (output.format == OutputFormat.TABLE) {
                for (TestGridIngest.TabResult t : tabs) {
                    if (!t.file().status().equals("rejected")) {
                        out.printf(
                                "%s: %d new columns stored, %d stored before, %d still running (read again later)%n",
                                t.file().path(), t.stored(), t.known(), t.running());
                    }
                }
                out.flush();
            }
            exit = all.stream().anyMatch(f -> f.status().equals("rejected")) ? 2 : 0;
        } catch (ExpansionLimitException e) {
            throw new UserException(e.getMessage());
        }
        // closing a DuckDB store checkpoints it: part of what the command waits for
        IngestSession.traceUptime("store closed");
        return exit;
    }

    private Database openTraced() {
        Database db = store.open();
        IngestSession.traceUptime("store open");
        return db;
    }

    private void print(PrintWriter out, PrintWriter err, long runs, long results, List<Ingestion.FileResult> all) {
        List<Ingestion.FileResult> files =
                all.stream().filter(f -> !f.status().equals("ignored")).toList();
        List<Ingestion.FileResult> ignored =
                all.stream().filter(f -> f.status().equals("ignored")).toList();
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(IngestReply.of(runs, results, all)));
        } else {
            List<List<Object>> rows = new ArrayList<>();
            for (Ingestion.FileResult f : files) {
                rows.add(List.of(
                        f.status(),
                        f.format() == null ? "" : f.format(),
                        f.testcases(),
                        f.failures(),
                        f.errors(),
                        f.skipped(),
                        f.flaky(),
                        f.path()));
            }
            if (files.size() <= 200 || output.format != OutputFormat.TABLE) {
                out.print(TableRenderer.render(
                        new Table(
                                List.of("status", "format", "tests", "failures", "errors", "skipped", "flaky", "path"),
                                rows),
                        output.format));
            }
            long ingested =
                    files.stream().filter(f -> f.status().equals("ingested")).count();
            long skipped =
                    files.stream().filter(f -> f.status().equals("skipped")).count();
            long rejected = files.size() - ingested - skipped;
            if (output.format == OutputFormat.TABLE) {
                out.printf(
                        "%d runs, %d results stored; %d files ingested, %d skipped (already stored), %d rejected%n",
                        runs, results, ingested, skipped, rejected);
                if (!ignored.isEmpty()) {
                    out.printf(
                            "%d %s beside the reports passed over, not test reports (such as %s)%n",
                            ignored.size(),
                            ignored.size() == 1 ? "file" : "files",
                            ignored.get(0).path());
                }
            }
        }
        out.flush();
        for (Ingestion.FileResult f : files) {
            if (f.status().equals("rejected")) {
                err.println("flakelens: rejected " + f.error());
            }
        }
        err.flush();
    }
}
