package io.flakelens.app.demo;

import java.nio.file.Path;

/**
 * What {@link CiSimulator#simulate} wrote.
 *
 * @param dir         the folder holding {@code runs.jsonl}, {@code truth.json} and {@code reports/}
 * @param runs        lines of {@code runs.jsonl}
 * @param results     test results (one per test per run, reruns included in it)
 * @param attempts    test executions, counting every in-run rerun
 * @param reports     report files
 * @param reportBytes bytes of the report files
 * @param bytes       bytes of everything written, manifest and truth included
 */
public record SimulationResult(
        Path dir,
        int runs,
        long results,
        long attempts,
        int reports,
        long reportBytes,
        long bytes,
        SimulationTruth truth) {

    public Path manifest() {
        return dir.resolve(CiSimulator.MANIFEST);
    }

    public Path truthFile() {
        return dir.resolve(CiSimulator.TRUTH);
    }
}
