package io.flakelens.app.cli;

import io.flakelens.core.cluster.Cluster;
import io.flakelens.core.cluster.Clustering;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.StackTraceClustering;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.store.Database;
import io.flakelens.store.cluster.ClusterStore;
import io.flakelens.store.cluster.StoredFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code flakelens cluster} without {@code --input}: clusters the stored failures and records each one's cluster. */
final class StoreClustering {
    private StoreClustering() {
    }

    static int run(StoreOptions store, StackTraceClustering algorithm, PrintWriter out, OutputFormat format,
            int limit, Path assignments) throws Exception {
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            ClusterStore clusters = new ClusterStore(db);
            List<StoredFailure> stored = clusters.failures();
            List<FailureText> texts = texts(stored);
            long t0 = System.nanoTime();
            Clustering c = algorithm.cluster(texts);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<ClusterStore.Assignment> rows = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                StoredFailure f = stored.get(i);
                rows.add(new ClusterStore.Assignment(f.runId(), f.testId(), f.attempt(), c.clusterOf(i).id()));
            }
            List<ClusterStore.ClusterRow> described = new ArrayList<>(c.clusters().size());
            for (Cluster k : c.clusters()) {
                described.add(new ClusterStore.ClusterRow(k.id(), c.algorithm(), k.size(), k.template().headline(),
                        k.template().site(), k.tests().size(), k.flakeShare()));
            }
            clusters.record(rows, described);
            if (assignments != null) {
                ClusterCommand.writeAssignments(assignments, texts, c);
            }
            ClusterCommand.print(out, format, texts, c, limit, secs);
            return 0;
        }
    }

    static List<FailureText> texts(List<StoredFailure> stored) {
        List<FailureText> texts = new ArrayList<>(stored.size());
        for (StoredFailure f : stored) {
            texts.add(new FailureText(f.key(), f.text(), f.test(), f.job(), f.flaky()));
        }
        return texts;
    }
}
