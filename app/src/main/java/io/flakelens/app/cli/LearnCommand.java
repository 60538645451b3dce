package io.flakelens.app.cli;

import io.flakelens.app.s3.S3AccessException;
import io.flakelens.app.s3.S3Location;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.cluster.ClusteringBatch;
import io.flakelens.core.cluster.CrossValidation;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.core.cluster.FlakeScores;
import io.flakelens.core.cluster.StackTraceClustering;
import io.flakelens.store.Database;
import io.flakelens.store.cluster.ClusterStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
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

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Labelled failure records (flaky, else merged), local or s3://;"
                    + " without it: the store's failures, labelled by detection (flake evidence or none)")
    List<String> input;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the model: a file, or an s3://bucket/key object")
    String model;

    @Mixin
    S3Options s3;

    @Option(
            names = "--id-field",
            paramLabel = "FIELD",
            defaultValue = "id",
            description = "Field holding a record's id (default: ${DEFAULT-VALUE})")
    String idField;

    @Option(
            names = "--text-field",
            paramLabel = "FIELD",
            defaultValue = "text",
            description = "Field holding the failure text (default: ${DEFAULT-VALUE})")
    String textField;

    @Option(
            names = "--since",
            paramLabel = "SPAN",
            description = "Only records dated within this span of the newest record"
                    + " (Cockpit learned from 21d), or since a date; default: all")
    String since;

    @Option(
            names = "--check-folds",
            paramLabel = "K",
            defaultValue = "5",
            description = "Cross-validate the model's"
                    + " probabilities on the labelled failures (at most " + CHECK_AT_MOST
                    + ") with K folds and print AUC and"
                    + " Brier score; 0 skips it (default: ${DEFAULT-VALUE})")
    int checkFolds;

    /** Enough to judge calibration; more only costs time. */
    static final int CHECK_AT_MOST = 20_000;

    @Mixin
    AlgorithmOptions clustering;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (checkFolds == 1 || checkFolds < 0) {
            throw new UserException("--check-folds must be 0 (no check) or at least 2, got " + checkFolds);
        }
        StackTraceClustering algorithm = clustering.algorithm(StackTraceClustering.DEFAULT_MIN_POINTS);
        S3Location remoteModel;
        try {
            remoteModel = S3Location.names(model) ? S3Location.parse(model) : null;
        } catch (IllegalArgumentException e) {
            throw new UserException("--model " + e.getMessage());
        }
        if (remoteModel != null && remoteModel.isPrefix()) {
            throw new UserException("--model " + model + ": names a prefix; name the object, such as "
                    + remoteModel.withKey(remoteModel.key() + "flake.model"));
        }
        try (S3Objects objects = s3.store()) {
            return learn(out, algorithm, objects, remoteModel);
        }
    }

    private int learn(PrintWriter out, StackTraceClustering algorithm, S3Objects objects, S3Location remoteModel)
            throws IOException {
        ClusteringBatch batch;
        int problems = 0;
        String from;
        if (input == null || input.isEmpty()) {
            if (since != null) {
                throw new UserException(
                        "--since selects dated --input records; from the store every failure is learned");
            }
            try (Database db = store.open()) {
                Detection.refresh(db, false);
                batch = StoreClustering.batch(new ClusterStore(db), algorithm);
            }
            from = "the store";
        } else {
            FailureInputs.Loaded loaded = FailureInputs.load(
                    ClusterCommand.inputs(input),
                    objects,
                    new FailureRecords(idField, textField),
                    spec.commandLine().getErr());
            problems = loaded.problems();
            batch = algorithm.batch();
            window(loaded.entries(), since).forEach(batch::add);
            from = input.size() == 1 ? input.get(0) : input.size() + " inputs";
        }
        FlakeModel m = batch.learn(true);
        List<FailureText> failures = batch.failures();
        if (remoteModel == null) {
            Path local = Path.of(model);
            Path tmp = local.resolveSibling(local.getFileName() + ".tmp");
            write(m, tmp);
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            // written whole to disk first: the upload knows its length, and readers never see half a model
            Path tmp = Files.createTempFile("flakelens-model-", ".tmp");
            try {
                write(m, tmp);
                objects.upload(tmp, remoteModel);
            } catch (S3AccessException e) {
                throw new UserException("--model " + e.getMessage(), 1);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        long flaky =
                failures.stream().filter(f -> Boolean.TRUE.equals(f.flaky())).count();
        long notFlaky =
                failures.stream().filter(f -> Boolean.FALSE.equals(f.flaky())).count();
        out.printf(
                "learned %d failures from %s (%d flaky, %d not, %d unlabelled; base rate %.3f) into %s%n",
                failures.size(), from, flaky, notFlaky, failures.size() - flaky - notFlaky, m.baseRate(), model);
        if (checkFolds >= 2 && flaky > 0 && notFlaky > 0) {
            check(out, batch);
        }
        out.flush();
        return problems > 0 ? 2 : 0;
    }

    private static void write(FlakeModel m, Path file) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            m.write(os);
        }
    }

    /**
     * Calibration of what was just learned, on failures it did not see: each labelled failure is
     * predicted by a model of the other folds. A sample of the labelled failures (chosen by id hash,
     * so the same every time) keeps this quick on a large store.
     */
    private void check(PrintWriter out, ClusteringBatch all) {
        long labelled = all.failures().stream().filter(f -> f.flaky() != null).count();
        long keep = labelled <= CHECK_AT_MOST ? 1_000_000 : (long) CHECK_AT_MOST * 1_000_000 / labelled;
        ClusteringBatch chosen = all.select(f -> f.flaky() != null
                && Long.remainderUnsigned(io.flakelens.core.model.StableHash.of(f.id()), 1_000_000) < keep);
        List<FailureText> sample = chosen.failures();
        double[] p = chosen.crossValidate(checkFolds);
        FlakeScores s = CrossValidation.score(sample, p);
        double base = sample.stream().filter(FailureText::flaky).count() / (double) sample.size();
        out.printf(
                "checked on %d labelled failures, %d-fold cross-validated: AUC %.3f, Brier %.3f, accuracy %.3f"
                        + " (the base rate alone: AUC 0.500, Brier %.3f)%n",
                s.count(), checkFolds, s.auc(), s.brier(), s.accuracy(), base * (1 - base));
    }

    /** Records dated within {@code since} of the newest dated record (undated records are kept). */
    static List<FailureText> window(List<FailureRecords.Entry> entries, String since) {
        if (since == null) {
            return entries.stream().map(FailureRecords.Entry::failure).toList();
        }
        Instant newest = entries.stream()
                .map(FailureRecords.Entry::at)
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(Instant.now());
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
