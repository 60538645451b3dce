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
