package io.flakelens.app.cli;

import io.flakelens.app.ingest.ExpansionLimits;
import io.flakelens.app.ingest.InputExpander;
import io.flakelens.app.ingest.NamedInput;
import io.flakelens.app.ingest.ReportSource;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads failure records for {@code cluster}, {@code learn}, {@code predict} and {@code evaluate}
 * from files, folders, zip and gzip archives, local or {@code s3://} (the same expansion as
 * {@code ingest}), reporting each skipped record as {@code path:line: reason} on the error stream.
 */
final class FailureInputs {
    /** The records read and how many problems were reported. */
    record Loaded(List<FailureRecords.Entry> entries, int problems) {
        List<FailureText> failures() {
            return entries.stream().map(FailureRecords.Entry::failure).toList();
        }
    }

    private FailureInputs() {}

    static Loaded load(List<Path> inputs, FailureRecords fields, PrintWriter err) {
        return load(NamedInput.local(inputs), null, fields, err);
    }

    /** @param store reads the {@code s3://} inputs */
    static Loaded load(List<NamedInput> inputs, S3Objects store, FailureRecords fields, PrintWriter err) {
        List<FailureRecords.Entry> out = new ArrayList<>();
        int problems = each(inputs, store, fields, err, out::add);
        return new Loaded(out, problems);
    }

    /** Reads every record into {@code sink} as it comes; returns the number of problems reported. */
    static int each(
            List<NamedInput> inputs,
            S3Objects store,
            FailureRecords fields,
            PrintWriter err,
            java.util.function.Consumer<FailureRecords.Entry> sink) {
        try (InputExpander.Expanded expanded = InputExpander.expand(inputs, ExpansionLimits.defaults(), store)) {
            return each(expanded, fields, err, sink);
        }
    }

    private static int each(
            InputExpander.Expanded expanded,
            FailureRecords fields,
            PrintWriter err,
            java.util.function.Consumer<FailureRecords.Entry> sink) {
        int[] problems = {0};
        for (InputExpander.Problem p : expanded.problems()) {
            err.println("flakelens: " + p.label() + ": " + p.reason());
            problems[0]++;
        }
        Set<String> ids = new HashSet<>();
        for (ReportSource s : expanded.sources()) {
            try (InputStream in = s.open()) {
                fields.readEntries(
                        in,
                        s.label(),
                        f -> {
                            if (!ids.add(f.failure().id())) {
                                err.println("flakelens: " + s.label() + ": id "
                                        + f.failure().id() + " seen before; both kept");
                                problems[0]++;
                            }
                            sink.accept(f);
                        },
                        p -> {
                            err.println("flakelens: " + p);
                            problems[0]++;
                        });
            } catch (IOException | RuntimeException e) {
                err.println("flakelens: " + s.label() + ": cannot read: " + e.getMessage());
                problems[0]++;
            }
        }
        err.flush();
        return problems[0];
    }

    static Loaded load(List<Path> inputs, String idField, String textField, PrintWriter err) {
        return load(inputs, new FailureRecords(idField, textField), err);
    }
}
