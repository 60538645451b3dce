package io.flakelens.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flakelens quarantine scan|suggest|history}: the muted tests in the source, and what to do about them. */
@Command(
        name = "quarantine",
        mixinStandardHelpOptions = true,
        description = "Find the muted tests in a repository's source and set them against detection.",
        subcommands = {QuarantineScanCommand.class, QuarantineSuggestCommand.class, QuarantineHistoryCommand.class})
final class QuarantineCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("quarantine: say scan, suggest or history (flakelens quarantine --help)");
    }
}
