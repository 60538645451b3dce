package io.flakelens.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flakelens bugs}: lists the bug verbs. */
@Command(
        name = "bugs",
        description = "File and update bugs for flakes (Findit's policy).",
        subcommands = {BugsSyncCommand.class})
final class BugsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
