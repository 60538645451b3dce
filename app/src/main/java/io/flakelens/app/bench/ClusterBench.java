package io.flakelens.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.cluster.Clustering;
import io.flakelens.core.cluster.CrossValidation;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.core.cluster.StackTraceClustering;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * {@code bench --only cluster}: clustering and flake-prediction quality on the shared real failures,
 * scored by the shared Python scripts (so the figures are the anchors' own measure), then speed on
 * synthetic Java stack traces made from those failures, a batch with 700 KB logs, and prediction
 * latency. Anchors' figures are printed beside ours.
 */
public final class ClusterBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintWriter out;
    private final Path work;
    private final StackTraceClustering algorithm = StackTraceClustering.withDefaults();

    public ClusterBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    public void run(Path failures, int synthetic) throws Exception {
        Path d4j = failures.resolve("defects4j_dev.jsonl");
        Path cockpit = failures.resolve("cockpit_learn.jsonl.gz");
        if (Files.exists(d4j) && Files.exists(cockpit)) {
            quality(failures, d4j, cockpit);
        } else {
            out.printf("cluster   quality skipped: %s has no defects4j_dev.jsonl and cockpit_learn.jsonl.gz (--failures DIR)%n",
                    failures);
        }
        List<FailureText> seeds = Files.exists(d4j) ? read(d4j) : List.of(FailureText.of("x", SyntheticTraces.FALLBACK));
        speed(seeds, synthetic);
        out.flush();
    }

    private void quality(Path dir, Path d4j, Path cockpit) throws Exception {
        List<FailureRecords.Entry> bugs = entries(d4j);
        out.printf("cluster   defects4j_dev (%d real JUnit failures, %s, threshold %.2f), scored by eval_clusters.py:%n",
                bugs.size(), algorithm.name(), algorithm.threshold());
        clusterScore(dir, "all 5 projects", bugs, e -> true, "anchors: Cockpit NCD 0.436, triage 0.176, Drain 0.207; goal >= 0.55");
        clusterScore(dir, "Chart, Lang, Math", bugs, e -> !heldOut(e), "");
        clusterScore(dir, "Mockito, Time (held out)", bugs, e -> heldOut(e), "");
        List<FailureRecords.Entry> logs = entries(cockpit);
        out.printf("cluster   cockpit_learn (%d Cockpit logs, label = test), scored by eval_clusters.py:%n", logs.size());
        clusterScore(dir, "log only", logs, e -> true, "anchor: Cockpit NCD 0.331");
        List<FailureText> texts = logs.stream().map(FailureRecords.Entry::failure).toList();
        List<String> changes = logs.stream().map(FailureRecords.Entry::change).toList();
        out.printf("predict   cockpit_learn, flake probability vs merged, 10-fold cross-validated, scored by eval_flake_prob.py:%n");
        flakeScore(dir, cockpit, "folds by record", texts, CrossValidation.predict(texts, null, 10, algorithm),
                "anchors (leave-one-out): NCD AUC 0.453 Brier 0.281, triage AUC 0.511 Brier 0.280; constant 0.5/0.250");
        flakeScore(dir, cockpit, "folds by pull request", texts, CrossValidation.predict(texts, changes, 10, algorithm),
                "a pull's failures held out together");
    }

    private static boolean heldOut(FailureRecords.Entry e) {
        return e.label() != null && (e.label().startsWith("Mockito-") || e.label().startsWith("Time-"));
    }

    private void clusterScore(Path dir, String what, List<FailureRecords.Entry> all, Predicate<FailureRecords.Entry> keep,
            String anchors) throws Exception {
        List<FailureRecords.Entry> chosen = all.stream().filter(keep).toList();
        List<FailureText> texts = chosen.stream().map(FailureRecords.Entry::failure).toList();
        algorithm.cluster(texts); // warm-up
        long t0 = System.nanoTime();
        Clustering c = algorithm.cluster(texts);
        double secs = (System.nanoTime() - t0) / 1e9;
        Path gold = work.resolve("gold.jsonl");
        Path pred = work.resolve("pred.jsonl");
        try (BufferedWriter g = Files.newBufferedWriter(gold); BufferedWriter p = Files.newBufferedWriter(pred)) {
            for (int i = 0; i < chosen.size(); i++) {
                g.write(JSON.writeValueAsString(Map.of("id", texts.get(i).id(), "label", String.valueOf(chosen.get(i).label()))));
                g.newLine();
                p.write(JSON.writeValueAsString(Map.of("id", texts.get(i).id(), "cluster", c.clusterOf(i).id())));
                p.newLine();
            }
        }
        String score = python(dir.resolve("eval_clusters.py"), gold, pred);
        out.printf("          %-26s %4d failures, %4d clusters, %6.0f failures/s: %s%s%n", what, texts.size(),
                c.clusters().size(), texts.size() / secs, score, anchors.isEmpty() ? "" : "  (" + anchors + ")");
    }

    private void flakeScore(Path dir, Path gold, String what, List<FailureText> texts, double[] p, String note)
            throws Exception {
        Path pred = work.resolve("flake.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(pred)) {
            for (int i = 0; i < texts.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", texts.get(i).id());
                m.put("flake_probability", Double.isNaN(p[i]) ? null : p[i]);
                w.write(JSON.writeValueAsString(m));
                w.newLine();
            }
        }
        out.printf("          %-26s %s  (%s)%n", what, python(dir.resolve("eval_flake_prob.py"), gold, pred), note);
    }

    private void speed(List<FailureText> seeds, int n) {
        List<FailureText> traces = SyntheticTraces.make(seeds, n, new SplittableRandom(7));
        long bytes = traces.stream().mapToLong(t -> t.text().length()).sum();
        algorithm.cluster(traces.subList(0, Math.min(n, 20_000))); // warm-up
        System.gc();
        long t0 = System.nanoTime();
        Clustering c = algorithm.cluster(traces);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<String> truth = traces.stream().map(SyntheticTraces::mode).toList();
        List<String> got = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            got.add(c.clusterOf(i).id());
        }
        io.flakelens.core.cluster.ClusterAgreement a = io.flakelens.core.cluster.ClusterAgreement.of(truth, got);
        out.printf("cluster   %d synthetic Java stack traces (%.1f KB each on average, %d failure modes): %.1f s,"
                        + " %.0f failures/s, %d clusters, %.1f comparisons per failure (goals: 100,000 in < 30 s, >= 5,000/s);"
                        + " against the modes ARI %.3f, precision %.3f, recall %.3f%n",
                n, bytes / 1024.0 / n, SyntheticTraces.modes(seeds), secs, n / secs, c.clusters().size(),
                (double) c.comparisons() / n, a.ari(), a.precision(), a.recall());
        List<FailureText> small = traces.subList(0, Math.min(n, 5_000));
        List<FailureText> logs = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 20; i++) {
            logs.add(FailureText.of("log-" + i, SyntheticTraces.bigLog(700 * 1024, rnd)));
        }
        List<FailureText> withLogs = new ArrayList<>(small);
        withLogs.addAll(logs);
        algorithm.cluster(logs);
        long l0 = System.nanoTime();
        algorithm.cluster(logs);
        double logSecs = (System.nanoTime() - l0) / 1e9;
        long s0 = System.nanoTime();
        algorithm.cluster(small);
        double smallSecs = (System.nanoTime() - s0) / 1e9;
        long m0 = System.nanoTime();
        algorithm.cluster(withLogs);
        double mixedSecs = (System.nanoTime() - m0) / 1e9;
        out.printf("cluster   20 logs of 700 KB alone: %.1f ms per log; %d traces: %.2f s, with the 20 logs among them: %.2f s%n",
                logSecs * 1000 / 20, small.size(), smallSecs, mixedSecs);
        int learnN = Math.min(n, 20_000);
        FlakeModel model = FlakeModel.learn(labelled(traces.subList(0, learnN)), algorithm, true);
        List<FailureText> queries = traces.subList(learnN, Math.min(n, learnN + 2_000));
        for (FailureText q : queries.subList(0, Math.min(200, queries.size()))) {
            model.predict(q); // warm-up
        }
        double[] ms = new double[queries.size()];
        double[] cpu = new double[queries.size()];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < queries.size(); i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long p0 = System.nanoTime();
            model.predict(queries.get(i));
            ms[i] = (System.nanoTime() - p0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        if (ms.length > 0) {
            out.printf("predict   model of %d failures, %d predictions: %.3f ms median, %.3f ms p99 wall; %.3f ms median,"
                            + " %.3f ms p99 on the CPU (wall minus waiting for a core on a shared machine; goal < 2 ms)%n",
                    learnN, ms.length, ms[ms.length / 2], ms[(int) (ms.length * 0.99)], cpu[cpu.length / 2],
                    cpu[(int) (cpu.length * 0.99)]);
        }
        Runtime r = Runtime.getRuntime();
        out.printf("memory    heap in use after the runs: %d MB of %d MB max%n", (r.totalMemory() - r.freeMemory()) >> 20,
                r.maxMemory() >> 20);
    }

    private static List<FailureText> labelled(List<FailureText> traces) {
        List<FailureText> out = new ArrayList<>(traces.size());
        for (FailureText t : traces) {
            out.add(new FailureText(t.id(), t.text(), null, null, (t.id().hashCode() & 1) == 0));
        }
        return out;
    }

    private String python(Path script, Path gold, Path pred) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), gold.toString(), pred.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static List<FailureText> read(Path p) throws IOException {
        return entries(p).stream().map(FailureRecords.Entry::failure).toList();
    }

    private static List<FailureRecords.Entry> entries(Path p) throws IOException {
        List<FailureRecords.Entry> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(p);
                InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            FailureRecords.defaults().readEntries(in, p.toString(), out::add, problem -> { });
        }
        return out;
    }
}
