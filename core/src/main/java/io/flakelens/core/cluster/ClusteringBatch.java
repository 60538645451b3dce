package io.flakelens.core.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Failures gathered for one clustering without keeping their texts: every 2,048 failures are
 * turned into features on all cores and their texts let go, so memory grows by the features of a
 * failure (about a kilobyte), not by its text (up to 32 KB). Not thread-safe; add from one thread.
 */
public final class ClusteringBatch {
    private static final int CHUNK = 2_048;
    private final StackTraceClustering algorithm;
    private final List<FailureText> failures = new ArrayList<>();
    private final List<Features> features = new ArrayList<>();
    private final List<FailureText> pending = new ArrayList<>(CHUNK);

    ClusteringBatch(StackTraceClustering algorithm) {
        this.algorithm = algorithm;
    }

    public void add(FailureText failure) {
        pending.add(failure);
        if (pending.size() == CHUNK) {
            flush();
        }
    }

    /** The failures added so far, in order, without their texts. */
    public List<FailureText> failures() {
        flush();
        return java.util.Collections.unmodifiableList(failures);
    }

    public Clustering cluster() {
        flush();
        return algorithm.cluster(failures, features, FeatureWeights.of(features));
    }

    /** The failures for which {@code keep} holds, with their features (nothing is extracted again). */
    public ClusteringBatch select(java.util.function.Predicate<FailureText> keep) {
        flush();
        ClusteringBatch out = new ClusteringBatch(algorithm);
        for (int i = 0; i < failures.size(); i++) {
            if (keep.test(failures.get(i))) {
                out.failures.add(failures.get(i));
                out.features.add(features.get(i));
            }
        }
        return out;
    }

    /** Each labelled failure's probability from a model of the other folds, NaN for the rest (see {@link CrossValidation}). */
    public double[] crossValidate(int folds) {
        flush();
        return CrossValidation.predict(failures, features, null, folds, algorithm);
    }

    /** A flake model of the failures added, as {@link FlakeModel#learn(List, StackTraceClustering, boolean)}. */
    public FlakeModel learn(boolean withClusters) {
        flush();
        return FlakeModel.learn(failures, features, algorithm, withClusters);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        features.addAll(StackTraceClustering.extract(pending));
        for (FailureText f : pending) {
            failures.add(new FailureText(f.id(), "", f.test(), f.job(), f.flaky()));
        }
        pending.clear();
    }
}
