package io.flakelens.app.cli;

import io.flakelens.core.report.OutputFormat;
import picocli.CommandLine.Option;

/** {@code --format}, shared by every command that prints data. */
final class FormatOptions {
    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json, csv, org, md or html (default: ${DEFAULT-VALUE})")
    OutputFormat format;
}
