package io.flakelens.app.cli;

import io.flakelens.core.cluster.Cluster;
import io.flakelens.core.cluster.Clustering;
import io.flakelens.core.cluster.ClusteringBatch;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.StackTraceClustering;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.store.Database;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.cluster.StoredFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code flakelens cluster} without {@code --input}: clusters the stored failures and records each one's cluster. */
final class StoreClustering {
    private StoreClustering() {}

    /**
     * @param since only failures of runs started since then, or null for all; a window is printed but
     *              not recorded, so the recorded clusters always cover every stored failure
     * @param job   only this job's failures, or null; recorded only when neither filter is set
     */
    static int run(
            StoreOptions store,
            StackTraceClustering algorithm,
            PrintWriter out,
            OutputFormat format,
            int limit,
            Path assignments,
            Instant since,
            String job)
            throws Exception {
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            ClusterStore clusters = new ClusterStore(db);
            // texts are read, turned into features and let go: only the features and the keys stay
            ClusteringBatch batch = algorithm.batch();
            List<ClusterStore.Assignment> rows = new ArrayList<>();
            clusters.eachFailure(since, job, f -> {
                rows.add(new ClusterStore.Assignment(f.runId(), f.testId(), f.attempt(), null));
                batch.add(text(f));
            });
            long t0 = System.nanoTime();
            Clustering c = batch.cluster();
            double secs = (System.nanoTime() - t0) / 1e9;
            List<FailureText> texts = batch.failures();
            for (int i = 0; i < rows.size(); i++) {
                ClusterStore.Assignment a = rows.get(i);
                rows.set(
                        i,
                        new ClusterStore.Assignment(
                                a.runId(),
                                a.testId(),
                                a.attempt(),
                                c.clusterOf(i).id()));
            }
            List<ClusterStore.ClusterRow> described =
                    new ArrayList<>(c.clusters().size());
            for (Cluster k : c.clusters()) {
                described.add(new ClusterStore.ClusterRow(
                        k.id(),
                        c.algorithm(),
                        k.size(),
                        k.template().headline(),
                        k.template().site(),
                        k.tests().size(),
                        k.flakeShare()));
            }
            boolean window = since != null || job != null;
            if (!window) {
                clusters.record(rows, described);
            }
            if (assignments != null) {
                ClusterCommand.writeAssignments(assignments, texts, c);
            }
            ClusterCommand.print(out, format, texts, c, limit, secs);
            if (window && format == OutputFormat.TABLE) {
                out.println("(a window of the stored failures: printed, not recorded; flakelens cluster without"
                        + " --since and --job records every failure's cluster)");
                out.flush();
            }
            return 0;
        }
    }

    /** The stored failures as a batch to cluster or learn from, texts already let go. */
    static ClusteringBatch batch(ClusterStore store, StackTraceClustering algorithm) {
        ClusteringBatch batch = algorithm.batch();
        store.eachFailure(f -> batch.add(text(f)));
        return batch;
    }

    private static FailureText text(StoredFailure f) {
        return new FailureText(f.key(), f.text(), f.test(), f.job(), f.flaky());
    }
}
