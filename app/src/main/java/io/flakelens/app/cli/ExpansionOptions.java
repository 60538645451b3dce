package io.flakelens.app.cli;

import io.flakelens.app.ingest.ExpansionLimits;
import picocli.CommandLine.Option;

/** {@code --max-expanded-mb} and {@code --max-expansion-ratio}, shared by {@code ingest} and {@code serve}. */
final class ExpansionOptions {
    @Option(
            names = "--max-expanded-mb",
            paramLabel = "MB",
            defaultValue = "" + ExpansionLimits.DEFAULT_MAX_MB,
            description =
                    "Most that the .gz and .zip inputs of one run (one upload) may expand to (default: ${DEFAULT-VALUE})")
    long maxExpandedMb;

    @Option(
            names = "--max-expansion-ratio",
            paramLabel = "N",
            defaultValue = "" + ExpansionLimits.DEFAULT_MAX_RATIO,
            description =
                    "Most times its compressed size one .gz file or .zip entry may expand to (default: ${DEFAULT-VALUE})")
    long maxExpansionRatio;

    ExpansionLimits limits() {
        if (maxExpandedMb <= 0 || maxExpansionRatio <= 0) {
            throw new UserException("--max-expanded-mb and --max-expansion-ratio must be 1 or more");
        }
        if (maxExpandedMb > Long.MAX_VALUE / (1024 * 1024)) {
            throw new UserException("--max-expanded-mb: " + maxExpandedMb + " is more than any disk holds");
        }
        return ExpansionLimits.ofMegabytes(maxExpandedMb, maxExpansionRatio);
    }
}
