package io.flakelens.bench;

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
            out.printf(
                    "cluster   quality skipped: %s has no defects4j_dev.jsonl and cockpit_learn.jsonl.gz (--failures DIR)%n",
                    failures);
        }
        List<FailureText> seeds =
                Files.exists(d4j) ? read(d4j) : List.of(FailureText.of("x", SyntheticTraces.FALLBACK));
        speed(seeds, synthetic);
        out.flush();
    }

    /** Every labelled set in {@code dir}, with what each failure's cluster is scored against. */
    private List<SetTable.LabelledSet> labelledSets(Path dir, Path d4j, Path cockpit) throws Exception {
        List<SetTable.LabelledSet> sets = new ArrayList<>();
        List<FailureRecords.Entry> bugs = entries(d4j);
        sets.add(new SetTable.LabelledSet("defects4j_dev", bugs, labelsOf(bugs), d4jNcd(bugs)));
        for (String name : List.of("bears_dev", "logchunks_dev")) {
            Path p = dir.resolve(name + ".jsonl");
            if (Files.exists(p)) {
                List<FailureRecords.Entry> e = entries(p);
                sets.add(new SetTable.LabelledSet(name, e, labelsOf(e), null));
            } else {
                out.printf("cluster   %s skipped: no %s in %s%n", name, p.getFileName(), dir);
            }
        }
        List<FailureRecords.Entry> logs = entries(cockpit);
        sets.add(new SetTable.LabelledSet("cockpit (cause)", logs, byCause(logs), cockpitNcd(cockpit)));
        return sets;
    }

    private static List<String> labelsOf(List<FailureRecords.Entry> entries) {
        return entries.stream().map(e -> String.valueOf(e.label())).toList();
    }

    /** Cockpit's label is the test, except that the logs ending in the same failed image download are one cause. */
    private static List<String> byCause(List<FailureRecords.Entry> logs) {
        List<String> out = new ArrayList<>(logs.size());
        for (FailureRecords.Entry e : logs) {
            out.add(
                    e.failure().text().contains(IMAGE_DOWNLOAD_FAILED)
                            ? "image-download failed"
                            : String.valueOf(e.label()));
        }
        return out;
    }

    private int[] d4jNcdLabels;
    private int[] cockpitNcdLabels;
    private double d4jNcdSecs;
    private double cockpitNcdSecs;

    private int[] d4jNcd(List<FailureRecords.Entry> bugs) {
        if (d4jNcdLabels == null) {
            long t0 = System.nanoTime();
            d4jNcdLabels = CockpitNcdAnchor.cluster(
                    bugs.stream().map(e -> e.failure().text()).toList());
            d4jNcdSecs = (System.nanoTime() - t0) / 1e9;
        }
        return d4jNcdLabels;
    }

    private int[] cockpitNcd(Path cockpit) throws IOException {
        if (cockpitNcdLabels == null) {
            long t0 = System.nanoTime();
            cockpitNcdLabels = CockpitNcdAnchor.cluster(rawLogs(cockpit));
            cockpitNcdSecs = (System.nanoTime() - t0) / 1e9;
        }
        return cockpitNcdLabels;
    }

    private double[] evalScore(Path dir, SetTable.LabelledSet set, List<String> clusters) throws Exception {
        String line = scoreLabels(dir, set.entries(), set.labels(), clusters);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("ARI=(-?[0-9.]+) F1=([0-9.]+)").matcher(line);
        if (!m.find()) {
            throw new IOException("eval_clusters.py said: " + line);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private void quality(Path dir, Path d4j, Path cockpit) throws Exception {
        new SetTable(out, (set, clusters) -> evalScore(dir, set, clusters)).print(labelledSets(dir, d4j, cockpit));
        List<FailureRecords.Entry> bugs = entries(d4j);
        out.printf(
                "cluster   defects4j_dev (%d real JUnit failures, %s, threshold %.2f), scored by eval_clusters.py:%n",
                bugs.size(), algorithm.name(), algorithm.threshold());
        clusterScore(dir, "all 5 projects", bugs, e -> true, "anchors: Cockpit NCD 0.436, triage 0.176, Drain 0.207");
        clusterScore(dir, "Chart, Lang, Math", bugs, e -> !heldOut(e), "");
        clusterScore(dir, "Mockito, Time (held out)", bugs, e -> heldOut(e), "");
        int[] d4jAnchor = d4jNcd(bugs);
        out.printf(
                "          %-26s %4d failures, %4d clusters + noise, %6.0f failures/s: %s  (its published figure: 0.436)%n",
                "Cockpit NCD, run here",
                bugs.size(),
                Arrays.stream(d4jAnchor).filter(a -> a >= 0).distinct().count(),
                bugs.size() / d4jNcdSecs,
                scoreLabels(
                        dir,
                        bugs,
                        bugs.stream().map(e -> String.valueOf(e.label())).toList(),
                        anchorIds(d4jAnchor)));
        List<FailureRecords.Entry> logs = entries(cockpit);
        out.printf(
                "cluster   cockpit_learn (%d Cockpit logs, label = test), scored by eval_clusters.py:%n", logs.size());
        Clustering ours = clusterScore(dir, "log only", logs, e -> true, "anchor: Cockpit NCD 0.331");
        List<String> logTexts = logs.stream().map(e -> e.failure().text()).toList();
        int[] anchor = cockpitNcd(cockpit);
        double anchorSecs = cockpitNcdSecs;
        List<String> byTest = logs.stream().map(e -> String.valueOf(e.label())).toList();
        List<String> byCause = new ArrayList<>(byTest);
        int infra = 0;
        for (int i = 0; i < logs.size(); i++) {
            if (logTexts.get(i).contains(IMAGE_DOWNLOAD_FAILED)) {
                byCause.set(i, "image-download failed");
                infra++;
            }
        }
        out.printf(
                "          %-26s %4d failures, %4d clusters + noise, %6.0f failures/s: %s  (its published figure: 0.331)%n",
                "Cockpit NCD, run here",
                logs.size(),
                Arrays.stream(anchor).filter(a -> a >= 0).distinct().count(),
                logs.size() / anchorSecs,
                scoreLabels(dir, logs, byTest, anchorIds(anchor)));
        out.printf(
                "cluster   cockpit_learn, label = cause: test, except the %d logs that end in the same failed image download"
                        + " (`%s`, curl 23, fedora-26, 19 tests) are one cause:%n",
                infra, IMAGE_DOWNLOAD_FAILED);
        out.printf("          %-26s %s%n", "Flakelens, log only", scoreLabels(dir, logs, byCause, ids(ours)));
        out.printf("          %-26s %s%n", "Cockpit NCD, run here", scoreLabels(dir, logs, byCause, anchorIds(anchor)));
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            if (!byCause.get(i).equals("image-download failed")) {
                rest.add(i);
            }
        }
        out.printf(
                "cluster   cockpit_learn, the other %d logs, where test is the cause (clustered with all 200, scored on these):%n",
                rest.size());
        out.printf(
                "          %-26s %s%n",
                "Flakelens, log only", scoreLabels(dir, pick(logs, rest), pick(byTest, rest), pick(ids(ours), rest)));
        out.printf(
                "          %-26s %s%n",
                "Cockpit NCD, run here",
                scoreLabels(dir, pick(logs, rest), pick(byTest, rest), pick(anchorIds(anchor), rest)));
        List<FailureText> texts =
                logs.stream().map(FailureRecords.Entry::failure).toList();
        List<String> changes = logs.stream().map(FailureRecords.Entry::change).toList();
        out.printf(
                "predict   cockpit_learn, flake probability vs merged, 10-fold cross-validated, scored by eval_flake_prob.py:%n");
        flakeScore(
                dir,
                cockpit,
                "folds by record",
                texts,
                CrossValidation.predict(texts, null, 10, algorithm),
                "anchors (leave-one-out): NCD AUC 0.453 Brier 0.281, triage AUC 0.511 Brier 0.280; constant 0.5/0.250");
        flakeScore(
                dir,
                cockpit,
                "folds by pull request",
                texts,
                CrossValidation.predict(texts, changes, 10, algorithm),
                "a pull's failures held out together");
        pullRequestsFate(dir, cockpit, logs);
    }

    private static boolean heldOut(FailureRecords.Entry e) {
        return e.label() != null
                && (e.label().startsWith("Mockito-") || e.label().startsWith("Time-"));
    }

    /** The command Cockpit's test setup runs to fetch a VM image; its failure is an infrastructure cause. */
    private static final String IMAGE_DOWNLOAD_FAILED = "CalledProcessError: Command '['image-download'";

    private static List<String> ids(Clustering c) {
        List<String> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(c.clusterOf(i).id());
        }
        return out;
    }

    /**
     * The evidence that {@code merged} is a label of the pull request, not of the failure: how many
     * pull requests are all-merged or all-unmerged, how much of the label's variance the pull request
     * alone explains (eta squared), and how well a failure is scored by the merged share of its pull
     * request's other failures, knowing nothing of its text.
     */
    private void pullRequestsFate(Path dir, Path gold, List<FailureRecords.Entry> logs) throws Exception {
        Map<String, int[]> byPull = new LinkedHashMap<>();
        int merged = 0;
        int known = 0;
        for (FailureRecords.Entry e : logs) {
            Boolean m = e.failure().flaky();
            if (m == null || e.change() == null) {
                continue;
            }
            int[] c = byPull.computeIfAbsent(e.change(), k -> new int[2]);
            c[0]++;
            c[1] += m ? 1 : 0;
            merged += m ? 1 : 0;
            known++;
        }
        if (known == 0) {
            return;
        }
        double base = (double) merged / known;
        double total = known * base * (1 - base);
        double within = 0;
        int pure = 0;
        for (int[] c : byPull.values()) {
            double share = (double) c[1] / c[0];
            within += c[0] * share * (1 - share);
            pure += c[1] == 0 || c[1] == c[0] ? 1 : 0;
        }
        double[] p = new double[logs.size()];
        List<FailureText> texts = new ArrayList<>(logs.size());
        for (int i = 0; i < logs.size(); i++) {
            FailureRecords.Entry e = logs.get(i);
            texts.add(e.failure());
            int[] c = e.change() == null ? null : byPull.get(e.change());
            Boolean m = e.failure().flaky();
            // the others of its pull request, with the base rate worth one failure
            p[i] = c == null || m == null ? base : (c[1] - (m ? 1 : 0) + base) / c[0];
        }
        out.printf(
                "predict   merged is the pull request's fate: %d of %d pull requests are all merged or all unmerged;"
                        + " the pull request explains %.0f%% of merged's variance; scoring each failure by its pull request's"
                        + " other failures, text unseen:%n",
                pure, byPull.size(), 100 * (1 - within / total));
        flakeScore(
                dir, gold, "pull request only", texts, p, "not usable for a new pull request, whose fate is unknown");
    }

    private static <T> List<T> pick(List<T> all, List<Integer> which) {
        return which.stream().map(all::get).toList();
    }

    /** Noise (-1) becomes a singleton each, as eval_clusters.py counts it. */
    private static List<String> anchorIds(int[] labels) {
        List<String> out = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            out.add(labels[i] < 0 ? "noise-" + i : "ncd-" + labels[i]);
        }
        return out;
    }

    private String scoreLabels(Path dir, List<FailureRecords.Entry> entries, List<String> labels, List<String> clusters)
            throws Exception {
        Path gold = work.resolve("gold.jsonl");
        Path pred = work.resolve("pred.jsonl");
        try (BufferedWriter g = Files.newBufferedWriter(gold);
                BufferedWriter p = Files.newBufferedWriter(pred)) {
            for (int i = 0; i < entries.size(); i++) {
                String id = entries.get(i).failure().id();
                g.write(JSON.writeValueAsString(Map.of("id", id, "label", labels.get(i))));
                g.newLine();
                p.write(JSON.writeValueAsString(Map.of("id", id, "cluster", clusters.get(i))));
                p.newLine();
            }
        }
        return python(dir.resolve("eval_clusters.py"), gold, pred);
    }

    /** Whole logs, not the 32 KB excerpts Flakelens keeps: the anchor saw them whole. */
    private static List<String> rawLogs(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
                java.io.BufferedReader r =
                        new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(line);
                    out.add(node.path("log").asText(""));
                }
            }
        }
        return out;
    }

    private Clustering clusterScore(
            Path dir, String what, List<FailureRecords.Entry> all, Predicate<FailureRecords.Entry> keep, String anchors)
            throws Exception {
        List<FailureRecords.Entry> chosen = all.stream().filter(keep).toList();
        List<FailureText> texts =
                chosen.stream().map(FailureRecords.Entry::failure).toList();
        algorithm.cluster(texts); // warm-up
        long t0 = System.nanoTime();
        Clustering c = algorithm.cluster(texts);
        double secs = (System.nanoTime() - t0) / 1e9;
        Path gold = work.resolve("gold.jsonl");
        Path pred = work.resolve("pred.jsonl");
        try (BufferedWriter g = Files.newBufferedWriter(gold);
                BufferedWriter p = Files.newBufferedWriter(pred)) {
            for (int i = 0; i < chosen.size(); i++) {
                g.write(JSON.writeValueAsString(Map.of(
                        "id",
                        texts.get(i).id(),
                        "label",
                        String.valueOf(chosen.get(i).label()))));
                g.newLine();
                p.write(JSON.writeValueAsString(Map.of(
                        "id", texts.get(i).id(), "cluster", c.clusterOf(i).id())));
                p.newLine();
            }
        }
        String score = python(dir.resolve("eval_clusters.py"), gold, pred);
        out.printf(
                "          %-26s %4d failures, %4d clusters, %6.0f failures/s: %s%s%n",
                what,
                texts.size(),
                c.clusters().size(),
                texts.size() / secs,
                score,
                anchors.isEmpty() ? "" : "  (" + anchors + ")");
        return c;
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
        out.printf(
                "cluster   %d synthetic Java stack traces (%.1f KB each on average, %d failure modes): %.1f s,"
                        + " %.0f failures/s, %d clusters, %.1f comparisons per failure (goals: 100,000 in < 30 s, >= 5,000/s);"
                        + " against the modes ARI %.3f, precision %.3f, recall %.3f%n",
                n,
                bytes / 1024.0 / n,
                SyntheticTraces.modes(seeds),
                secs,
                n / secs,
                c.clusters().size(),
                (double) c.comparisons() / n,
                a.ari(),
                a.precision(),
                a.recall());
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
        out.printf(
                "cluster   20 logs of 700 KB alone: %.1f ms per log; %d traces: %.2f s, with the 20 logs among them: %.2f s%n",
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
            out.printf(
                    "predict   model of %d failures, %d predictions: %.3f ms median, %.3f ms p99 wall; %.3f ms median,"
                            + " %.3f ms p99 on the CPU (wall minus waiting for a core on a shared machine; goal < 2 ms)%n",
                    learnN,
                    ms.length,
                    ms[ms.length / 2],
                    ms[(int) (ms.length * 0.99)],
                    cpu[cpu.length / 2],
                    cpu[(int) (cpu.length * 0.99)]);
        }
        Runtime r = Runtime.getRuntime();
        out.printf(
                "memory    heap in use after the runs: %d MB of %d MB max%n",
                (r.totalMemory() - r.freeMemory()) >> 20, r.maxMemory() >> 20);
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
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The shared defects4j failures in {@code failures}, or none when they are not there. */
    public static List<FailureText> defects4j(Path failures) throws IOException {
        Path d4j = failures.resolve("defects4j_dev.jsonl");
        return Files.exists(d4j) ? read(d4j) : List.of();
    }

    private static List<FailureText> read(Path p) throws IOException {
        return entries(p).stream().map(FailureRecords.Entry::failure).toList();
    }

    private static List<FailureRecords.Entry> entries(Path p) throws IOException {
        List<FailureRecords.Entry> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(p);
                InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            FailureRecords.defaults().readEntries(in, p.toString(), out::add, problem -> {});
        }
        return out;
    }
}
