package io.flakelens.app.cli;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.config.JobGroup;
import io.flakelens.app.contract.Json;
import io.flakelens.app.tracker.TrackerPage;
import io.flakelens.app.tracker.TrackerReports;
import io.flakelens.app.tracker.TrackerServer;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.tracker.TrackerRenderer;
import io.flakelens.core.tracker.TrackerReport;
import io.flakelens.store.Database;
import io.flakelens.store.query.TestGridDashboards;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flakelens report tracker}: the Kubernetes flake tracker's report over any job groups. */
@Command(
        name = "tracker",
        description = "Per job group: each job's status, the flaky jobs' non-deterministic tests"
                + " with owner, occurrences, flake rate and bug; totals per group, job and owner.")
final class ReportTrackerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--since",
            defaultValue = "7d",
            description = "Window: 7d, 12h, 2w, a date, or all (default: ${DEFAULT-VALUE})")
    String since;

    @Option(
            names = "--now",
            paramLabel = "TIME",
            description = "End the window at this instant (2026-11-27T12:00:00Z) instead of now")
    String now;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Serve the HTML report on this port (0 picks one) until interrupted")
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address for --port (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--refresh",
            paramLabel = "PERIOD",
            defaultValue = "5m",
            description = "With --port: rebuild the report and reload the page this often (default: ${DEFAULT-VALUE})")
    String refresh;

    @Option(
            names = "--testgrid-dashboards",
            description = "One job group per TestGrid dashboard the stored runs were read from"
                    + " (ingest --testgrid-dashboard), instead of the config's groups")
    boolean testgridDashboards;

    @Override
    public Integer call() throws Exception {
        FlakelensConfig cfg = testgridDashboards ? withDashboardGroups(config.load()) : config.load();
        if (port == null) {
            TrackerReport r = build(cfg);
            PrintWriter out = spec.commandLine().getOut();
            if (output.format == OutputFormat.JSON) {
                out.println(Json.write(TrackerRenderer.json(r)));
            } else if (output.format == OutputFormat.HTML) {
                out.print(TrackerPage.html(r, null));
            } else {
                out.print(TrackerRenderer.render(r, output.format));
            }
            out.flush();
            return 0;
        }
        if (!refresh.strip().matches("\\d+[smhd]") || refresh.strip().matches("0+[smhd]")) {
            throw new UserException("--refresh: cannot read \"" + refresh + "\"; use 30s, 5m or 1h");
        }
        Instant t = Instant.now();
        Duration period = Duration.between(Since.parse(refresh.strip(), t), t);
        TrackerServer server =
                TrackerServer.start(host, port, period, () -> build(cfg), r -> Json.write(TrackerRenderer.json(r)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "flakelens-tracker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("flakelens: serving the tracker report on http://" + host + ":" + server.port()
                + "/ (rebuilt every " + refresh + "; Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The config with its job groups replaced by the TestGrid dashboards and their jobs, as stored. */
    private FlakelensConfig withDashboardGroups(FlakelensConfig cfg) {
        Map<String, SortedSet<String>> dashboards;
        try (Database db = store.open()) {
            dashboards = new TestGridDashboards(db).jobsByDashboard();
        }
        if (dashboards.isEmpty()) {
            throw new UserException("--testgrid-dashboards: no stored run was read from a TestGrid dashboard"
                    + " (ingest --testgrid-url BASE --testgrid-dashboard NAME first)");
        }
        List<JobGroup> groups = new ArrayList<>();
        dashboards.forEach((name, jobs) -> groups.add(new JobGroup(
                name, jobs.stream().map(j -> Pattern.compile(Pattern.quote(j))).toList())));
        return new FlakelensConfig(cfg.source(), cfg.owners(), cfg.jobOwners(), groups, cfg.failingRuns(), cfg.bugs());
    }

    private TrackerReport build(FlakelensConfig cfg) {
        Instant until =
                now == null ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : At.parse("--now", now);
        Instant from = Since.parse(since, until);
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            return TrackerReports.build(db, cfg, from, until);
        }
    }
}
