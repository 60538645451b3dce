package io.flakelens.bench;

import io.flakelens.app.serve.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens bench} ({@code bench/run}, or {@code bin/flakelens bench}): prints the budget
 * figures of docs/design.md measured on this machine. It lives in its own module, apart from the
 * product it measures, and runs on the product's jar.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure parse, ingest and detection speed against the budgets.")
public final class BenchCommand implements Callable<Integer> {
    enum Part {
        parse,
        ingest,
        flakes,
        big,
        serve,
        aggregate,
        quarantine,
        cluster,
        changepoints,
        gate,
        upload,
        detectIncremental,
        oneReport;

        /** The part as typed: {@code detect-incremental}. */
        @Override
        public String toString() {
            return name().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        }

        static Part parse(String typed) {
            for (Part p : values()) {
                if (p.toString().equals(typed)) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "no part '" + typed + "'; the parts: " + java.util.Arrays.toString(values()));
        }
    }

    static final class PartConverter implements CommandLine.ITypeConverter<Part> {
        @Override
        public Part convert(String value) {
            return Part.parse(value);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--only",
            split = ",",
            converter = PartConverter.class,
            description = "Parts to run: ${COMPLETION-CANDIDATES} (default: parse,ingest,flakes)")
    List<Part> only = List.of(Part.parse, Part.ingest, Part.flakes);

    @Option(
            names = "--results",
            defaultValue = "10000000",
            description = "Stored results for the flakes and serve parts (default: ${DEFAULT-VALUE})")
    long results;

    @Option(
            names = "--big-mb",
            defaultValue = "1024",
            description = "Size of the big report in MB (default: ${DEFAULT-VALUE})")
    long bigMb;

    @Option(
            names = "--db",
            paramLabel = "DB",
            description = "Store for the serve and upload parts: a DuckDB file or a"
                    + " jdbc:postgresql:// URL; loaded with --results results when empty, used as it is otherwise"
                    + " (default: a new DuckDB file in the scratch folder)")
    String db;

    @Option(
            names = "--uploads",
            defaultValue = "1000",
            description = "Reports the serve part uploads (default: ${DEFAULT-VALUE})")
    int uploads;

    @Option(
            names = "--warmup",
            defaultValue = "500",
            description = "Reports the serve part uploads first, under the same load but untimed, so the"
                    + " server is measured warm as after a while in service; 0 measures a cold start"
                    + " (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "Concurrent uploads in the serve part (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--pool-size",
            description =
                    "The served PostgreSQL store's pooled connections in the serve part (default: ${DEFAULT-VALUE})")
    int poolSize = ServerConfig.POOL_SIZE;

    @Option(
            names = "--files",
            defaultValue = "20000",
            description = "Files in the repository the quarantine part scans (default: ${DEFAULT-VALUE})")
    int files;

    @Option(
            names = "--failures",
            defaultValue = "${env:FLAKELENS_FAILURES:-../shared/failures}",
            paramLabel = "DIR",
            description = "Folder with labelled real failure sets and their scoring scripts, for the cluster"
                    + " and serve parts (default: $FLAKELENS_FAILURES, else the labelled sets beside the checkout)")
    Path failures;

    @Option(
            names = "--traces",
            defaultValue = "100000",
            description = "Synthetic stack traces the cluster part" + " clusters for speed (default: ${DEFAULT-VALUE})")
    int traces;

    @Option(
            names = "--demo",
            paramLabel = "DIR",
            description = "For the gate part: an earlier `flakelens demo --dir DIR`"
                    + " to gate (default: simulate the demo afresh in the scratch folder)")
    Path demo;

    @Option(
            names = "--upload-runs",
            defaultValue = "200",
            description = "Uploads the upload part times (default: ${DEFAULT-VALUE})")
    int uploadRuns;

    @Option(names = "--work", description = "Scratch folder (default: a new temporary folder, removed after)")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("flakelens-bench");
        try {
            Benchmarks b = new Benchmarks(spec.commandLine().getOut(), dir);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "flakelens bench on %d cores, max heap %d MB, %s%n",
                            Runtime.getRuntime().availableProcessors(),
                            Runtime.getRuntime().maxMemory() >> 20,
                            compilers());
            if (only.contains(Part.parse)) {
                b.parse(200);
            }
            if (only.contains(Part.ingest)) {
                b.ingest(150, 20, 1_000);
            }
            if (only.contains(Part.flakes)) {
                b.flakes(results);
            }
            if (only.contains(Part.aggregate)) {
                new AggregateBench(spec.commandLine().getOut(), dir).run(20, 20_000, 10);
            }
            if (only.contains(Part.big)) {
                b.bigReport(bigMb);
            }
            if (only.contains(Part.quarantine)) {
                b.quarantine(files);
            }
            if (only.contains(Part.changepoints)) {
                new ChangepointBench(spec.commandLine().getOut(), dir).run(results);
            }
            if (only.contains(Part.cluster)) {
                new ClusterBench(spec.commandLine().getOut(), dir).run(failures, Math.max(traces, 1_000));
            }
            if (only.contains(Part.gate)) {
                new GateBench(spec.commandLine().getOut(), dir).run(demo, 42);
            }
            if (only.contains(Part.upload)) {
                if (uploadRuns < 1) {
                    throw new ParameterException(spec.commandLine(), "--upload-runs must be at least 1");
                }
                new UploadBench(spec.commandLine().getOut(), dir).run(db, uploadRuns);
            }
            if (only.contains(Part.oneReport)) {
                new OneReportBench(spec.commandLine().getOut(), dir).run(5);
            }
            if (only.contains(Part.detectIncremental)) {
                if (!new IncrementalDetectionBench(spec.commandLine().getOut(), dir).run(db, results)) {
                    return 1;
                }
            }
            if (only.contains(Part.serve)) {
                if (uploads < 1 || concurrency < 1 || warmup < 0) {
                    throw new ParameterException(
                            spec.commandLine(), "--uploads and --concurrency must be at least 1, --warmup at least 0");
                }
                ServeLoad.Outcome o = new ServeLoad(spec.commandLine().getOut(), dir, ClusterBench.defects4j(failures))
                        .run(db, uploads, concurrency, results, poolSize, warmup);
                if (!o.nothingLost() || !o.nothingDoubled()) {
                    return 1;
                }
            }
        } finally {
            if (work == null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    /**
     * Which JIT compilers this JVM runs: the serve part's figures depend on it, since the server and
     * its clients share this JVM and, on two cores, the optimising compiler competes with them.
     */
    private static String compilers() {
        boolean c1Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.matches("-XX:TieredStopAtLevel=[1-3]"));
        return c1Only ? "JIT: C1 only (-XX:TieredStopAtLevel)" : "JIT: tiered, C1 and C2 (the JVM's default)";
    }
}
