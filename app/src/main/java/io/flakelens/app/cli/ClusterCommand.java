package io.flakelens.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.contract.Json;
import io.flakelens.app.ingest.NamedInput;
import io.flakelens.app.s3.S3Objects;
import io.flakelens.core.cluster.Cluster;
import io.flakelens.core.cluster.Clustering;
import io.flakelens.core.cluster.ClusteringBatch;
import io.flakelens.core.cluster.FailureRecords;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.StackTraceClustering;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens cluster}: groups failures that share a cause. From files ({@code --input}) it
 * writes one {@code {"id", "cluster"}} line per record; from the store it records each failure's
 * cluster. Either way it prints the clusters, largest first.
 */
@Command(name = "cluster", description = "Group failures that share a cause; print the clusters, largest first.")
final class ClusterCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Failure records: JSON lines, a JSON array,"
                    + " a folder or a zip of them, local or s3:// (Cockpit records work as they are)."
                    + " Without it: the failures in the store")
    List<String> input;

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
            description =
                    "Field holding a record's failure text" + " (default: ${DEFAULT-VALUE}; Cockpit's log when absent)")
    String textField;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write {\"id\", \"cluster\"} per record to this JSON lines file")
    Path out;

    @Mixin
    AlgorithmOptions clustering;

    @Option(
            names = "--min-points",
            paramLabel = "N",
            defaultValue = "" + StackTraceClustering.DEFAULT_MIN_POINTS,
            description = "DBSCAN's minimum points of a dense neighbourhood (default: ${DEFAULT-VALUE})")
    int minPoints;

    @Option(
            names = "--since",
            paramLabel = "SPAN",
            description =
                    "Store only: failures of runs started within this"
                            + " span (1d, 12h, 2w) or since a date, like Kubernetes triage's daily clusters; printed, not recorded")
    String since;

    @Option(names = "--job", paramLabel = "JOB", description = "Store only: this job's failures; printed, not recorded")
    String job;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "Print at most this many clusters; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        StackTraceClustering algorithm = clustering.algorithm(minPoints);
        PrintWriter err = spec.commandLine().getErr();
        if (input == null || input.isEmpty()) {
            return StoreClustering.run(
                    store,
                    algorithm,
                    spec.commandLine().getOut(),
                    output.format,
                    limit,
                    out,
                    since == null ? null : Since.parse(since, java.time.Instant.now()),
                    job);
        }
        if (since != null || job != null) {
            throw new UserException("--since and --job choose stored failures; with --input every record is clustered");
        }
        // texts are dropped as soon as their features are taken: memory grows by features, not texts
        long t0 = System.nanoTime();
        ClusteringBatch batch = algorithm.batch();
        int problems;
        try (S3Objects store = s3.store()) {
            problems = FailureInputs.each(
                    inputs(input), store, new FailureRecords(idField, textField), err, e -> batch.add(e.failure()));
        }
        Clustering c = batch.cluster();
        List<FailureText> failures = batch.failures();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (out != null) {
            writeAssignments(out, failures, c);
        }
        print(spec.commandLine().getOut(), output.format, failures, c, limit, secs);
        return problems > 0 ? 2 : 0;
    }

    /** The names as typed: paths, or s3:// locations. */
    static List<NamedInput> inputs(List<String> names) {
        try {
            return NamedInput.all(names);
        } catch (IllegalArgumentException e) {
            throw new UserException("--input: " + e.getMessage());
        }
    }

    static void writeAssignments(Path out, List<FailureText> failures, Clustering c) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < failures.size(); i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", failures.get(i).id());
                line.put("cluster", c.clusterOf(i).id());
                w.write(JSON.writeValueAsString(line));
                w.newLine();
            }
        }
    }

    static void print(
            PrintWriter out, OutputFormat format, List<FailureText> failures, Clustering c, int limit, double secs) {
        List<Cluster> shown =
                limit > 0 && c.clusters().size() > limit ? c.clusters().subList(0, limit) : c.clusters();
        if (format == OutputFormat.JSON) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Cluster k : shown) {
                list.add(fields(k, failures));
            }
            out.println(Json.write(list));
            out.flush();
            return;
        }
        long singletons = c.clusters().stream().filter(k -> k.size() == 1).count();
        if (format == OutputFormat.TABLE) {
            out.printf(
                    "%d failures in %d clusters (%d of one failure) by %s in %.2f s%n",
                    c.size(), c.clusters().size(), singletons, c.algorithm(), secs);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Cluster k : shown) {
            rows.add(List.of(
                    k.id(),
                    k.size(),
                    k.template().toString(),
                    brief(k.tests()),
                    brief(k.jobs()),
                    k.flakeShare() == null ? "" : String.format("%.2f", k.flakeShare())));
        }
        out.print(TableRenderer.render(
                new Table(List.of("cluster", "size", "template", "tests", "jobs", "flake_share"), rows), format));
        if (format == OutputFormat.TABLE && shown.size() < c.clusters().size()) {
            out.printf(
                    "... %d more clusters (--limit 0 shows all)%n", c.clusters().size() - shown.size());
        }
        out.flush();
    }

    static Map<String, Object> fields(Cluster k, List<FailureText> failures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", k.id());
        m.put("size", k.size());
        m.put("template", k.template().headline());
        m.put("site", k.template().site());
        m.put("tests", k.tests());
        m.put("jobs", k.jobs());
        m.put("flake_share", k.flakeShare());
        m.put(
                "ids",
                k.members().stream().limit(100).map(i -> failures.get(i).id()).toList());
        return m;
    }

    private static String brief(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String first = names.get(0);
        if (first.length() > 60) {
            first = first.substring(0, 57) + "...";
        }
        return names.size() == 1 ? first : first + " +" + (names.size() - 1);
    }
}
