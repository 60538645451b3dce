package io.flakelens.app.cli;

import io.flakelens.app.bench.Benchmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens bench}: prints the DESIGN.md budget figures measured on this machine. */
@Command(name = "bench", description = "Measure parse, ingest and detection speed against the budgets.")
final class BenchCommand implements Callable<Integer> {
    enum Part { parse, ingest, flakes, big }

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", description = "Parts to run: ${COMPLETION-CANDIDATES} (default: parse,ingest,flakes)")
    List<Part> only = List.of(Part.parse, Part.ingest, Part.flakes);

    @Option(names = "--results", defaultValue = "10000000", description = "Stored results for the flakes part (default: ${DEFAULT-VALUE})")
    long results;

    @Option(names = "--big-mb", defaultValue = "1024", description = "Size of the big report in MB (default: ${DEFAULT-VALUE})")
    long bigMb;

    @Option(names = "--work", description = "Scratch folder (default: a new temporary folder, removed after)")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("flakelens-bench");
        try {
            Benchmarks b = new Benchmarks(spec.commandLine().getOut(), dir);
            spec.commandLine().getOut().printf("flakelens bench on %d cores, max heap %d MB%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            if (only.contains(Part.parse)) {
                b.parse(200);
            }
            if (only.contains(Part.ingest)) {
                b.ingest(150, 20, 1_000);
            }
            if (only.contains(Part.flakes)) {
                b.flakes(results);
            }
            if (only.contains(Part.big)) {
                b.bigReport(bigMb);
            }
        } finally {
            if (work == null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
