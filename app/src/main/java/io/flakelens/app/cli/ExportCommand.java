package io.flakelens.app.cli;

import io.flakelens.store.Database;
import io.flakelens.store.export.ParquetExport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens export --parquet DIR}: the store's history as day partitions of Parquet for other engines. */
@Command(
        name = "export",
        description = "Write runs, results, failures and tests as Parquet partitioned by day (whole UTC days, each"
                + " written once; docs/scale.md).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--parquet", required = true, paramLabel = "DIR", description = "Folder to write (or add) to")
    Path dir;

    @Option(
            names = "--since",
            defaultValue = "all",
            description = "First day: 30d, 2w, a date, or all; whole days from the one it falls in"
                    + " (default: ${DEFAULT-VALUE})")
    String since;

    @Option(
            names = "--until",
            paramLabel = "DATE",
            description = "The first day NOT written (default: today, UTC, which is still running)")
    String until;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        LocalDate from = LocalDate.ofInstant(Since.parse(since, now), ZoneOffset.UTC);
        LocalDate end;
        try {
            end = until == null ? LocalDate.ofInstant(now, ZoneOffset.UTC) : LocalDate.parse(until);
        } catch (DateTimeParseException e) {
            throw new UserException("--until: not a date (YYYY-MM-DD): " + until);
        }
        long t0 = System.nanoTime();
        ParquetExport.Summary s;
        try (Database db = store.open()) {
            s = new ParquetExport(db).export(dir, from, end);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        var out = spec.commandLine().getOut();
        if (!s.skipped().isEmpty()) {
            out.printf(
                    "%d days already in %s, left as they are (%s .. %s)%n",
                    s.skipped().size(),
                    dir,
                    s.skipped().get(0),
                    s.skipped().get(s.skipped().size() - 1));
        }
        if (s.written().isEmpty()) {
            out.printf("No new whole day to export from %s to before %s.%n", from, end);
        } else {
            out.printf(
                    "Exported %d days (%s .. %s) to %s: %,d runs, %,d results, %,d failures, %,d test rows"
                            + " in %.1f s (%,.0f results/s)%n",
                    s.written().size(),
                    s.written().get(0),
                    s.written().get(s.written().size() - 1),
                    dir,
                    s.runs(),
                    s.results(),
                    s.failures(),
                    s.tests(),
                    secs,
                    s.results() / secs);
        }
        out.flush();
        return 0;
    }
}
