package io.flakelens.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flakelens report}: lists the reports. Each report is one class. */
@Command(
        name = "report",
        description = "Reports for people: the flake tracker.",
        subcommands = {ReportTrackerCommand.class})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a report named: the usage, and bad usage's exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
