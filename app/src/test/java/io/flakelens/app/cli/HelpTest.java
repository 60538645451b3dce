package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command, at every depth, answers --help with its usage and exit code 0. */
class HelpTest {
    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(FlakelensCommand.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (List<String> path : paths) {
            if (path.contains("help")) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: flakelens");
        }
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(path);
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(e.getKey());
            collect(e.getValue(), next, out);
        }
    }
}
