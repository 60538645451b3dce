package io.flakelens.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Version 2 on real JUnit failures of Defects4J bugs (see resources/cluster/LICENSE-NOTES.md). */
class StackTraceClusteringTest {
    private static final List<FailureText> FAILURES = new ArrayList<>();
    private static final Map<String, String> BUG = new HashMap<>();
    private final StackTraceClustering clustering = StackTraceClustering.named(StackTraceClustering.V2);

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = StackTraceClusteringTest.class.getResourceAsStream("/cluster/defects4j-sample.jsonl")) {
            FailureRecords.defaults()
                    .readEntries(
                            in,
                            "sample",
                            e -> {
                                FAILURES.add(e.failure());
                                BUG.put(e.failure().id(), e.label());
                            },
                            p -> {
                                throw new AssertionError(p.toString());
                            });
        }
    }

    private static Map<String, String> clusterById(Clustering c, List<FailureText> failures) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < failures.size(); i++) {
            m.put(failures.get(i).id(), c.clusterOf(i).id());
        }
        return m;
    }

    @Test
    void failuresOfOneBugShareAClusterAndNoClusterHoldsTwoBugs() {
        Clustering c = clustering.cluster(FAILURES);
        Map<String, String> cluster = clusterById(c, FAILURES);
        for (String bug : List.of("Lang-57", "Math-35", "Time-5", "Lang-34", "Mockito-12", "Math-12")) {
            Set<String> clusters = new HashSet<>();
            BUG.forEach((id, b) -> {
                if (b.equals(bug)) {
                    clusters.add(cluster.get(id));
                }
            });
            assertThat(clusters).as("clusters of %s", bug).hasSize(1);
        }
        // different bugs running in the same test classes share many frames: they must stay apart
        for (Cluster k : c.clusters()) {
            Set<String> bugs = new HashSet<>();
            for (int m : k.members()) {
                bugs.add(BUG.get(FAILURES.get(m).id()));
            }
            assertThat(bugs).as("bugs in %s", k.id()).hasSize(1);
        }
        List<String> truth = FAILURES.stream().map(f -> BUG.get(f.id())).toList();
        List<String> got = FAILURES.stream().map(f -> cluster.get(f.id())).toList();
        assertThat(ClusterAgreement.of(truth, got).ari()).isGreaterThan(0.9);
    }

    @Test
    void everyFailureGetsExactlyOneClusterAndClustersComeLargestFirst() {
        Clustering c = clustering.cluster(FAILURES);
        assertThat(c.size()).isEqualTo(FAILURES.size());
        int members = 0;
        for (int k = 0; k < c.clusters().size(); k++) {
            Cluster cl = c.clusters().get(k);
            assertThat(cl.id()).isEqualTo("stacktrace-v2:" + (k + 1));
            members += cl.size();
            if (k > 0) {
                assertThat(cl.size())
                        .isLessThanOrEqualTo(c.clusters().get(k - 1).size());
            }
        }
        assertThat(members).isEqualTo(FAILURES.size());
        assertThat(c.clusters().get(0).template().toString()).isNotBlank();
    }

    @Test
    void theSameInputGivesTheSameClustersAndAnyOrderTheSamePartition() {
        Map<String, String> first = clusterById(clustering.cluster(FAILURES), FAILURES);
        assertThat(clusterById(clustering.cluster(FAILURES), FAILURES)).isEqualTo(first);
        List<FailureText> shuffled = new ArrayList<>(FAILURES);
        Collections.shuffle(shuffled, new Random(5));
        Map<String, String> second = clusterById(clustering.cluster(shuffled), shuffled);
        Map<Set<String>, Boolean> a = partition(first);
        Map<Set<String>, Boolean> b = partition(second);
        assertThat(b.keySet()).isEqualTo(a.keySet());
    }

    private static Map<Set<String>, Boolean> partition(Map<String, String> clusterOf) {
        Map<String, Set<String>> groups = new HashMap<>();
        clusterOf.forEach(
                (id, c) -> groups.computeIfAbsent(c, k -> new HashSet<>()).add(id));
        Map<Set<String>, Boolean> out = new HashMap<>();
        groups.values().forEach(g -> out.put(g, true));
        return out;
    }

    @Test
    void textlessHugeAndGarbageFailuresAreClusteredWithoutFailing() {
        List<FailureText> odd = new ArrayList<>(FAILURES.subList(0, 5));
        odd.add(FailureText.of("empty-1", ""));
        odd.add(FailureText.of("empty-2", null));
        odd.add(FailureText.of("huge", "x".repeat(3_000_000) + "\nError: boom"));
        odd.add(FailureText.of("garbage", "\u0000\uFFFD\uD800 \u0001\u0002"));
        Clustering c = clustering.cluster(odd);
        assertThat(c.size()).isEqualTo(odd.size());
        assertThat(c.clusterOf(5).id()).isEqualTo(c.clusterOf(6).id());
    }

    @Test
    void aBatchClustersAsTheWholeListDoesWithoutKeepingTexts() {
        List<FailureText> many = new ArrayList<>();
        for (int r = 0; r < 60; r++) {
            for (FailureText f : FAILURES) {
                many.add(FailureText.of(f.id() + "#" + r, f.text()));
            }
        }
        ClusteringBatch batch = clustering.batch();
        many.forEach(batch::add);
        Clustering fromBatch = batch.cluster();
        assertThat(clusterById(fromBatch, batch.failures())).isEqualTo(clusterById(clustering.cluster(many), many));
        assertThat(batch.failures()).hasSize(many.size()).allMatch(f -> f.text().isEmpty());
    }

    @Test
    void nothingToClusterIsNoCluster() {
        assertThat(clustering.cluster(List.of()).clusters()).isEmpty();
    }

    @Test
    void configurationIsByImmutableCopiesAndChecked() {
        StackTraceClustering strict = clustering.withThreshold(0.9);
        assertThat(clustering.threshold()).isEqualTo(StackTraceClustering.DEFAULT_THRESHOLD);
        assertThat(strict.threshold()).isEqualTo(0.9);
        assertThatThrownBy(() -> clustering.withThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clustering.withMinPoints(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
