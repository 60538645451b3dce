package io.flakelens.app.cli;

import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.store.Database;
import io.flakelens.store.cluster.ClusterStore;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens learn}: trains a flake model from labelled failures, from files (label
 * {@code flaky}, else Cockpit's {@code merged}) or from the store (label: detection's evidence).
 */
@Command(name = "learn", description = "Learn a flake model from labelled failures (files, or the store's detection).")
final class LearnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--input", paramLabel = "FILE", description = "Labelled failure records (flaky, else merged);"
            + " without it: the store's failures, labelled by detection (flake evidence or none)")
    List<Path> input;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Where to write the model")
    Path model;

    @Option(names = "--id-field", paramLabel = "FIELD", defaultValue = "id", description = "Field holding a record's id (default: ${DEFAULT-VALUE})")
    String idField;

    @Option(names = "--text-field", paramLabel = "FIELD", defaultValue = "text", description = "Field holding the failure text (default: ${DEFAULT-VALUE})")
    String textField;

    @Option(names = "--since", paramLabel = "SPAN", description = "Only records dated within this span of the newest record"
            + " (Cockpit learned from 21d), or since a date; default: all")
    String since;

    @Option(names = "--threshold", paramLabel = "SIMILARITY", defaultValue = "0.5", description = "Cluster threshold (default: ${DEFAULT-VALUE})")
    double threshold;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<FailureText> failures;
        int problems = 0;
        String from;
        if (input == null || input.isEmpty()) {
            if (since != null) {
                throw new UserException("--since selects dated --input records; from the store every failure is learned");
            }
            try (Database db = store.open()) {
                Detection.refresh(db, false);
                failures = StoreClustering.texts(new ClusterStore(db).failures());
            }
            from = "the store";
        } else {
            FailureInputs.Loaded loaded = FailureInputs.load(input, new FailureRecords(idField, textField),
                    spec.commandLine().getErr());
            problems = loaded.problems();
            failures = window(loaded.entries(), since);
            from = input.size() == 1 ? input.get(0).toString() : input.size() + " inputs";
        }
        FlakeModel m = FlakeModel.learn(failures, ClusterCommand.algorithm(threshold, 2), true);
        Path tmp = model.resolveSibling(model.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            m.write(os);
        }
        Files.move(tmp, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long flaky = failures.stream().filter(f -> Boolean.TRUE.equals(f.flaky())).count();
        long notFlaky = failures.stream().filter(f -> Boolean.FALSE.equals(f.flaky())).count();
        out.printf("learned %d failures from %s (%d flaky, %d not, %d unlabelled; base rate %.3f) into %s%n",
                failures.size(), from, flaky, notFlaky, failures.size() - flaky - notFlaky, m.baseRate(), model);
        out.flush();
        return problems > 0 ? 2 : 0;
    }

    /** Records dated within {@code since} of the newest dated record (undated records are kept). */
    static List<FailureText> window(List<FailureRecords.Entry> entries, String since) {
        if (since == null) {
            return entries.stream().map(FailureRecords.Entry::failure).toList();
        }
        Instant newest = entries.stream().map(FailureRecords.Entry::at).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(Instant.now());
        Instant from = Since.parse(since, newest);
        List<FailureText> out = new ArrayList<>();
        for (FailureRecords.Entry e : entries) {
            if (e.at() == null || !e.at().isBefore(from)) {
                out.add(e.failure());
            }
        }
        return out;
    }
}
