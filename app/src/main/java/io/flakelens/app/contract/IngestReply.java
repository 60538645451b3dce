package io.flakelens.app.contract;

import io.flakelens.app.ingest.Ingestion;
import java.util.List;

/**
 * What an ingest did, as {@code ingest --format json} prints it and an upload to the API replies:
 * the files that are reports (or were named as such) one by one, and how many others in the given
 * folders and archives were passed over (a tool's companion files, binaries, logs).
 */
public record IngestReply(long runs, long results, long ignored, List<File> files) {
    /** One input file: {@code status} is ingested, skipped or rejected; {@code error} says why, as path:line:column: reason. */
    public record File(
            String path,
            String format,
            String status,
            int testcases,
            int passed,
            int failures,
            int errors,
            int skipped,
            int flaky,
            String error) {}

    public static IngestReply of(long runs, long results, List<Ingestion.FileResult> files) {
        return new IngestReply(
                runs,
                results,
                files.stream().filter(f -> f.status().equals("ignored")).count(),
                files.stream()
                        .filter(f -> !f.status().equals("ignored"))
                        .map(f -> new File(
                                f.path(),
                                f.format(),
                                f.status(),
                                f.testcases(),
                                f.passed(),
                                f.failures(),
                                f.errors(),
                                f.skipped(),
                                f.flaky(),
                                f.error()))
                        .toList());
    }
}
