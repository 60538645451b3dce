package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.app.quarantine.SuggestionOutput;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.quarantine.MutedSpan;
import io.flakelens.store.quarantine.QuarantineLedger;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens quarantine history}: when each test was muted and unmuted, from the stored scans. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "When each test was muted and unmuted, as the stored scans show it.")
final class QuarantineHistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(names = "--repo", paramLabel = "NAME", description = "Only this repository (as scans named it)")
    String repo;

    @Override
    public Integer call() {
        List<MutedSpan> spans;
        try (Database db = store.open()) {
            spans = new QuarantineLedger(db).history(repo);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(spans.stream().map(SuggestionOutput::span).toList()));
        } else if (spans.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No stored scans" + (repo == null ? "" : " of " + repo)
                    + ": run 'flakelens quarantine scan REPO --store'.");
        } else {
            out.print(TableRenderer.render(SuggestionOutput.history(spans), output.format));
        }
        out.flush();
        return 0;
    }
}
