package io.flakelens.app.cli;

import io.flakelens.core.cluster.ClusterAgreement;
import io.flakelens.core.cluster.Clustering;
import io.flakelens.core.cluster.CrossValidation;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeScores;
import io.flakelens.core.cluster.StackTraceClustering;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code flakelens evaluate}: scores the clustering against a {@code label} field and the
 * cross-validated flake prediction against {@code flaky} (else {@code merged}).
 */
@Command(
        name = "evaluate",
        description = "Score clustering (ARI, pairwise F1, V-measure against label) and"
                + " cross-validated flake prediction (AUC, Brier, accuracy against flaky or merged).")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Labelled failure records")
    List<Path> input;

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
            names = "--folds",
            paramLabel = "K",
            defaultValue = "10",
            description = "Cross-validation folds (default: ${DEFAULT-VALUE})")
    int folds;

    @Mixin
    AlgorithmOptions clustering;

    @Override
    public Integer call() {
        if (folds < 2) {
            throw new UserException("--folds must be at least 2");
        }
        PrintWriter out = spec.commandLine().getOut();
        FailureInputs.Loaded loaded = FailureInputs.load(
                input,
                new FailureRecords(idField, textField),
                spec.commandLine().getErr());
        List<FailureRecords.Entry> entries = loaded.entries();
        List<FailureText> failures = loaded.failures();
        StackTraceClustering algorithm = clustering.algorithm(StackTraceClustering.DEFAULT_MIN_POINTS);
        boolean any = false;
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        long t0 = System.nanoTime();
        Clustering c = algorithm.cluster(failures);
        double secs = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < entries.size(); i++) {
            String label = entries.get(i).label();
            if (label != null) {
                truth.add(label);
                predicted.add(c.clusterOf(i).id());
            }
        }
        if (!truth.isEmpty()) {
            any = true;
            ClusterAgreement a = ClusterAgreement.of(truth, predicted);
            out.printf(
                    "clustering  %s, threshold %.2f: %d records with a label, %d labels, %d clusters (%.0f failures/s)%n",
                    algorithm.name(),
                    algorithm.threshold(),
                    truth.size(),
                    truth.stream().distinct().count(),
                    predicted.stream().distinct().count(),
                    failures.size() / Math.max(secs, 1e-9));
            out.printf(
                    "  ARI %.3f  pairwise precision %.3f recall %.3f F1 %.3f  V-measure %.3f (homogeneity %.3f,"
                            + " completeness %.3f)%n",
                    a.ari(), a.precision(), a.recall(), a.f1(), a.vMeasure(), a.homogeneity(), a.completeness());
        }
        long labelled = failures.stream().filter(f -> f.flaky() != null).count();
        if (labelled > 0) {
            any = true;
            long flaky = failures.stream()
                    .filter(f -> Boolean.TRUE.equals(f.flaky()))
                    .count();
            out.printf(
                    "flake prediction, %d-fold cross-validated: %d records with flaky or merged, base rate %.3f%n",
                    folds, labelled, (double) flaky / labelled);
            double[] p = CrossValidation.predict(failures, null, folds, algorithm);
            print(out, "folds by record", CrossValidation.score(failures, p));
            List<String> changes =
                    entries.stream().map(FailureRecords.Entry::change).toList();
            if (changes.stream().anyMatch(Objects::nonNull)) {
                double[] q = CrossValidation.predict(failures, changes, folds, algorithm);
                print(
                        out,
                        "folds by change (a change's failures all held out together)",
                        CrossValidation.score(failures, q));
            }
        }
        if (!any) {
            out.println("nothing to evaluate: no record has a label, flaky or merged field");
        }
        out.flush();
        return loaded.problems() > 0 || !any ? 2 : 0;
    }

    private static void print(PrintWriter out, String what, FlakeScores s) {
        out.printf(
                "  %s: AUC %.3f  Brier %.3f  accuracy %.3f  (constant 0.5: AUC 0.500, Brier 0.250)%n",
                what, s.auc(), s.brier(), s.accuracy());
    }
}
