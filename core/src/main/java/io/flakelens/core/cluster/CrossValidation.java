package io.flakelens.core.cluster;

import io.flakelens.core.model.StableHash;
import java.util.ArrayList;
import java.util.List;

/**
 * K-fold cross-validated flake prediction: each labelled failure is predicted by a model learned
 * without its fold (rarity included, so nothing of the held-out failure leaks in). Folds are
 * drawn by a hash of the failure's id, or of its change when {@code groups} are given, so that
 * failures of one pull request are never on both sides: the honest question for a new change.
 * Deterministic for the same input.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** The probability predicted for each failure with a known label, NaN for the rest. */
    public static double[] predict(
            List<FailureText> failures, List<String> groups, int folds, StackTraceClustering clustering) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        return predict(failures, StackTraceClustering.extract(failures), groups, folds, clustering);
    }

    static double[] predict(
            List<FailureText> failures,
            List<Features> features,
            List<String> groups,
            int folds,
            StackTraceClustering clustering) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        int n = failures.size();
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            String key = groups != null && groups.get(i) != null
                    ? "g:" + groups.get(i)
                    : "i:" + failures.get(i).id();
            fold[i] = (int) Long.remainderUnsigned(StableHash.of(key), folds);
        }
        double[] p = new double[n];
        java.util.Arrays.fill(p, Double.NaN);
        for (int f = 0; f < folds; f++) {
            List<FailureText> train = new ArrayList<>();
            List<Features> trainFeatures = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    test.add(i);
                } else {
                    train.add(failures.get(i));
                    trainFeatures.add(features.get(i));
                }
            }
            if (test.isEmpty()) {
                continue;
            }
            FlakeModel model = FlakeModel.learn(train, trainFeatures, clustering, false);
            for (int i : test) {
                if (failures.get(i).flaky() != null) {
                    p[i] = model.predict(failures.get(i), features.get(i)).flakeProbability();
                }
            }
        }
        return p;
    }

    public static FlakeScores score(List<FailureText> failures, double[] p) {
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i).flaky() != null && !Double.isNaN(p[i])) {
                known.add(i);
            }
        }
        boolean[] y = new boolean[known.size()];
        double[] q = new double[known.size()];
        for (int k = 0; k < known.size(); k++) {
            y[k] = failures.get(known.get(k)).flaky();
            q[k] = p[known.get(k)];
        }
        return FlakeScores.of(y, q);
    }
}
