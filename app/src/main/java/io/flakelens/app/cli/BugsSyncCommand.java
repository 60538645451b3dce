package io.flakelens.app.cli;

import io.flakelens.app.bugs.BugSync;
import io.flakelens.app.bugs.Trackers;
import io.flakelens.app.config.BugsConfig;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.contract.Json;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens bugs sync}: one filing pass. The token comes from {@code GITHUB_TOKEN} or the
 * config, never from the command line (it would land in shell history and process lists); without
 * one, the pass is a dry run.
 */
@Command(
        name = "sync",
        description = "File, update or reopen bugs for qualifying flakes under the filing policy"
                + " (dry run until a token is configured).")
final class BugsSyncCommand implements Callable<Integer> {
    enum Tracker {
        github,
        jira
    }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Mixin
    ConfigOptions config;

    @Option(names = "--dry-run", description = "Print what would be filed; call and write nothing")
    boolean dryRun;

    @Option(
            names = "--tracker",
            paramLabel = "TRACKER",
            description = "Where bugs go: github or jira (default: the config's bugs.tracker)")
    Tracker tracker;

    @Option(
            names = "--repo",
            paramLabel = "OWNER/NAME",
            description = "Repository to file into (default: the config's bugs.repo)")
    String repo;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description =
                    "GitHub API root, e.g. https://ghe.example.com/api/v3 (default: the config's, else https://api.github.com)")
    String apiUrl;

    @Option(
            names = "--now",
            paramLabel = "TIME",
            description = "Evaluate the policy as of this instant (replaying history)")
    String now;

    @Override
    public Integer call() {
        FlakelensConfig cfg = config.load();
        BugsConfig b = cfg.bugs();
        String r = repo != null ? repo : b.repo();
        if (r != null && !r.matches("[\\w.-]+/[\\w.-]+")) {
            throw new UserException("--repo: \"" + r + "\" is not owner/name");
        }
        String api = apiUrl != null ? apiUrl.replaceAll("/+$", "") : b.apiUrl();
        if (!api.matches("https?://\\S+")) {
            throw new UserException("--api-url: \"" + api + "\" is not an http(s) URL");
        }
        cfg = new FlakelensConfig(
                cfg.source(),
                cfg.owners(),
                cfg.jobOwners(),
                cfg.groups(),
                cfg.failingRuns(),
                new BugsConfig(
                        tracker != null ? tracker.name() : b.tracker(),
                        r,
                        api,
                        b.configToken(),
                        b.labels(),
                        b.dashboard(),
                        b.policy(),
                        b.jira(),
                        b.tickets()));
        BugsConfig nb = cfg.bugs();
        if (nb.jiraTracker() && nb.jira().project() == null) {
            throw new UserException("--tracker jira needs bugs.url and bugs.project in flakelens.yaml");
        }
        String token = Trackers.credentials(nb, System.getenv());
        PrintWriter err = spec.commandLine().getErr();
        boolean dry = dryRun || token == null;
        if (!dry && nb.where() == null) {
            throw new UserException(
                    "no repository to file into: give --repo owner/name or bugs.repo in flakelens.yaml");
        }
        if (!dryRun && token == null) {
            err.println("flakelens: " + Trackers.credentialSource(nb) + ": dry run, nothing is filed");
        }
        Instant at =
                now == null ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : At.parse("--now", now);
        BugSync.Outcome o;
        try (Database db = store.open()) {
            Detection.refresh(db, false);
            o = new BugSync(db, cfg, dry ? null : Trackers.forFiling(nb, System.getenv()), Clock.systemUTC()).run(at);
        }
        print(spec.commandLine().getOut(), o);
        for (String e : o.errors()) {
            err.println("flakelens: " + e);
        }
        err.flush();
        return o.errors().isEmpty() ? 0 : 1;
    }

    private void print(PrintWriter out, BugSync.Outcome o) {
        if (output.format == OutputFormat.JSON) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", o.dryRun());
            m.put("now", o.now().toString());
            m.put("qualifying_flakes", o.qualifying());
            List<Map<String, Object>> lines = new ArrayList<>();
            for (BugSync.Line l : o.lines()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("action", l.action());
                x.put("bug", l.bug());
                x.put("flakes", l.flakes());
                x.put("score", l.score());
                x.put("note", l.note());
                lines.add(x);
            }
            m.put("actions", lines);
            m.put("errors", o.errors());
            out.println(Json.write(m));
        } else if (o.lines().isEmpty() && output.format == OutputFormat.TABLE) {
            out.println("No flake qualifies for a bug as of " + o.now() + (o.dryRun() ? " (dry run)." : "."));
        } else {
            List<List<Object>> rows = new ArrayList<>();
            for (BugSync.Line l : o.lines()) {
                rows.add(List.of(
                        o.dryRun() && !l.action().equals("skip") ? "would " + l.action() : l.action(),
                        l.bug(),
                        String.join(" ", l.flakes()),
                        l.score(),
                        l.note()));
            }
            out.print(TableRenderer.render(
                    new Table(List.of("action", "bug", "flakes", "score", "note"), rows), output.format));
        }
        out.flush();
    }
}
