package io.flakelens.app.cli;

import io.flakelens.core.cluster.StackTraceClustering;
import picocli.CommandLine.Option;

/**
 * Which clustering algorithm (and version) and threshold to use: shared by {@code cluster},
 * {@code learn} and {@code evaluate}, so the three always mean the same by them.
 */
final class AlgorithmOptions {
    @Option(
            names = "--algorithm",
            paramLabel = "NAME",
            defaultValue = StackTraceClustering.NAME,
            description = "Clustering algorithm and version: " + StackTraceClustering.V3 + " or "
                    + StackTraceClustering.V2 + " (default: ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--threshold",
            paramLabel = "SIMILARITY",
            defaultValue = "" + StackTraceClustering.DEFAULT_THRESHOLD,
            description = "Least weighted similarity of two neighbours, in (0, 1] (default: ${DEFAULT-VALUE})")
    double threshold;

    /** The algorithm; an unknown name or a threshold out of range is a usage error. */
    StackTraceClustering algorithm(int minPoints) {
        try {
            return StackTraceClustering.named(name).withThreshold(threshold).withMinPoints(minPoints);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
