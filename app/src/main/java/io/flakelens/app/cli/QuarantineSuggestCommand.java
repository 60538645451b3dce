package io.flakelens.app.cli;

import io.flakelens.app.bugs.Trackers;
import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.Window;
import io.flakelens.app.quarantine.SuggestionOutput;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.store.Database;
import io.flakelens.store.quarantine.QuarantineAdvisor;
import io.flakelens.store.quarantine.Suggestions;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens quarantine suggest}: flaky tests to mute, and mutes to lift, with their evidence. */
@Command(
        name = "suggest",
        mixinStandardHelpOptions = true,
        description = "Flaky tests nobody muted, and muted tests that are clean or no longer run (from stored scans).")
final class QuarantineSuggestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--since",
            defaultValue = Window.DEFAULT,
            description = "Window of runs weighed: 14d, 12h, 2w, a date, or all (default: ${DEFAULT-VALUE})")
    String since;

    @Option(
            names = "--min-runs",
            defaultValue = "" + QuarantineAdvisor.DEFAULT_MIN_RUNS,
            description = "Clean runs a muted test needs before its mute may go (default: ${DEFAULT-VALUE})")
    int minRuns;

    @Option(
            names = "--repo",
            paramLabel = "NAME",
            description = "Only the mutes of this repository (as scans named it)")
    String repo;

    @Option(names = "--refresh", description = "Re-run detection even if nothing was ingested since the last pass")
    boolean refresh;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--no-tickets",
            description = "Do not look the mutes' tickets up at the configured tracker (bugs.tracker)")
    boolean noTickets;

    @Override
    public Integer call() {
        if (minRuns < 1) {
            throw new UserException("--min-runs must be at least 1");
        }
        Instant from = Since.parse(since, Instant.now());
        BugTracker tracker =
                noTickets ? null : Trackers.forReading(config.load().bugs(), System.getenv());
        PrintWriter err = spec.commandLine().getErr();
        boolean lookupFailed = false;
        Suggestions s;
        try (Database db = store.open()) {
            Detection.refresh(db, refresh);
            QuarantineAdvisor advisor = new QuarantineAdvisor(db);
            Map<String, String> closed = new LinkedHashMap<>();
            if (tracker != null) {
                for (String ref : advisor.tickets(repo)) {
                    try {
                        tracker.ticket(ref).filter(t -> !t.open()).ifPresent(t -> closed.put(ref, closedSentence(t)));
                    } catch (RuntimeException e) {
                        lookupFailed = true;
                        err.println("flakelens: warning: cannot look up " + ref + " at " + tracker.name() + ": "
                                + e.getMessage());
                    }
                }
                err.flush();
            }
            s = advisor.suggest(from, minRuns, repo, closed);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(SuggestionOutput.json(s)));
        } else if (s.mute().isEmpty() && s.unmute().isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("Nothing to suggest (--since " + since + "): no unmuted flaky test, no mute to lift."
                    + " Scans are read from the store: run 'flakelens quarantine scan REPO --store' first.");
        } else {
            out.print(TableRenderer.render(SuggestionOutput.table(s), output.format));
        }
        out.flush();
        return lookupFailed ? 1 : 0;
    }

    private static String closedSentence(Ticket t) {
        return "ticket " + t.key() + " was closed " + (t.completed() ? "as done" : "without a fix") + " at "
                + t.closedAt();
    }
}
