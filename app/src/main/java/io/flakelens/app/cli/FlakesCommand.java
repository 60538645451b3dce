package io.flakelens.app.cli;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.contract.FlakeJson;
import io.flakelens.app.contract.Json;
import io.flakelens.app.contract.OwnerTotalJson;
import io.flakelens.app.contract.Window;
import io.flakelens.app.owner.OwnedFlake;
import io.flakelens.app.owner.OwnedFlakes;
import io.flakelens.app.owner.OwnerTotal;
import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.changepoint.SegmentedHistory;
import io.flakelens.store.changepoint.TestChanges;
import io.flakelens.store.detect.FlakeFilter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens flakes}: the ranked flaky tests, most harmful first. */
@Command(name = "flakes", description = "List flaky tests, most harmful first (Findit's score; see README).")
public final class FlakesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--since",
            defaultValue = Window.DEFAULT,
            description = "Window: 14d, 12h, 2w, a date, or all (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--job", description = "Only occurrences on this job")
    String job;

    @Option(names = "--builder", description = "Only occurrences on this builder")
    String builder;

    @Option(
            names = "--limit",
            defaultValue = "50",
            description = "At most this many tests; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--by-group", description = "One entry per test group: parameterised variants count as one flake")
    boolean byGroup;

    @Mixin
    ConfigOptions config;

    @Mixin
    CommitOrderOptions commitOrder;

    @Option(
            names = "--owner",
            paramLabel = "OWNER",
            description =
                    "Only flakes this owner owns (a team, a SIG, or one of a CODEOWNERS line's owners; (none) for unowned)")
    String owner;

    @Option(
            names = "--by-owner",
            description =
                    "One row per owner: flaky tests, occurrences, changes hurt and score, each summed over its flakes")
    boolean byOwner;

    @Option(names = "--refresh", description = "Re-run detection even if nothing was ingested since the last pass")
    boolean refresh;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new UserException("--limit must be 0 (all) or more");
        }
        Instant from = Since.parse(since, Instant.now());
        FlakelensConfig cfg = config.load();
        try (Database db = store.open()) {
            Detection.refresh(db, refresh);
            // --by-owner totals every flake; the limit then counts owners.
            FlakeFilter filter = new FlakeFilter(from, job, builder, byOwner ? 0 : limit);
            List<OwnedFlake> flakes = OwnedFlakes.list(db, cfg.owners(), filter, byGroup, owner);
            if (byOwner) {
                List<OwnerTotal> totals = OwnedFlakes.byOwner(flakes);
                printOwners(
                        spec.commandLine().getOut(),
                        limit > 0 && totals.size() > limit ? totals.subList(0, limit) : totals);
            } else {
                print(
                        spec.commandLine().getOut(),
                        flakes,
                        output.format == OutputFormat.JSON
                                ? new TestChanges(db, commitOrder.order())
                                        .troubleOf(flakes.stream()
                                                .map(f -> f.flake().id().key())
                                                .toList())
                                : Map.of());
            }
        }
        return 0;
    }

    private void printOwners(PrintWriter out, List<OwnerTotal> totals) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(totals.stream().map(OwnerTotalJson::of).toList()));
        } else {
            List<List<Object>> rows = new ArrayList<>();
            for (OwnerTotal t : totals) {
                rows.add(List.of(
                        t.owner(),
                        t.flakyTests(),
                        t.occurrences(),
                        t.changes(),
                        t.score(),
                        t.tests().get(0)));
            }
            out.print(TableRenderer.render(
                    new Table(List.of("owner", "flaky_tests", "occurrences", "changes", "score", "worst_test"), rows),
                    output.format));
        }
        out.flush();
    }

    private void print(PrintWriter out, List<OwnedFlake> owned, Map<Long, SegmentedHistory> trouble) {
        List<FlakyTest> flakes = owned.stream().map(OwnedFlake::flake).toList();
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(owned.stream()
                    .map(o -> FlakeJson.of(o, trouble.get(o.flake().id().key())))
                    .toList()));
        } else if (flakes.isEmpty() && output.format == OutputFormat.TABLE) {
            out.println(
                    "No flaky tests in the window (--since " + since + ")" + (owner == null ? "" : " owned by " + owner)
                            + "." + (since.equalsIgnoreCase("all") ? "" : " Try --since all."));
        } else {
            List<List<Object>> rows = new ArrayList<>();
            int rank = 0;
            for (OwnedFlake o : owned) {
                FlakyTest f = o.flake();
                rows.add(List.of(
                        ++rank,
                        f.score(),
                        f.id().id(),
                        f.kinds().stream().map(EvidenceKind::label).collect(Collectors.joining(",")),
                        f.occurrences(),
                        f.changes(),
                        f.runs(),
                        f.flakeRate(),
                        f.builders().entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue())
                                .collect(Collectors.joining(" ")),
                        f.lastSeen() == null ? "" : f.lastSeen().toString(),
                        o.owner().name(),
                        FlakeJson.note(f)));
            }
            out.print(TableRenderer.render(
                    new Table(
                            List.of(
                                    "rank",
                                    "score",
                                    "test",
                                    "kinds",
                                    "occurrences",
                                    "changes",
                                    "runs",
                                    "flake_rate",
                                    "builders",
                                    "last_seen",
                                    "owner",
                                    "note"),
                            rows),
                    output.format));
        }
        out.flush();
    }
}
