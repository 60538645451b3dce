package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.app.quarantine.Checkout;
import io.flakelens.app.quarantine.InventoryOutput;
import io.flakelens.app.quarantine.InventoryRow;
import io.flakelens.app.quarantine.Repositories;
import io.flakelens.core.quarantine.Inventory;
import io.flakelens.core.quarantine.Markers;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.QuarantineScanner;
import io.flakelens.core.quarantine.ScanResult;
import io.flakelens.core.quarantine.ScanWarning;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.quarantine.QuarantineLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flakelens quarantine scan REPO}: every muted test in a repository's source. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        description = "List every muted test in REPO (a folder or a git URL); --store keeps the list's history.")
final class QuarantineScanCommand implements Callable<Integer> {
    enum Format {
        table,
        json,
        redash,
        csv,
        md,
        org,
        html
    }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(
            index = "0",
            paramLabel = "REPO",
            description = "A local folder or checkout, or a git URL (https://, ssh://, git@host:path, file://)")
    String repo;

    @Option(
            names = "--branch",
            paramLabel = "B",
            description = "Scan this branch (default: the checkout's HEAD, or the remote's default branch)")
    String branch;

    @Option(
            names = "--path-glob",
            paramLabel = "GLOB",
            split = ",",
            description = "Only files matching one of these globs, relative to the root (e.g. 'tests/**')")
    List<String> globs = List.of();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json (the DC/OS dump), redash, csv, md, org or html (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--store",
            description =
                    "Record the scan (with its commit and time) in the database; a commit already recorded changes nothing")
    boolean record;

    @Option(
            names = "--markers",
            paramLabel = "FILE",
            description = "JSON file of extra markers (or, with \"defaults\": false, the only ones)")
    Path markersFile;

    @Option(
            names = "--repo-name",
            paramLabel = "NAME",
            description = "Name the repository this way (default: the URL, or a checkout's origin, or its path)")
    String repoName;

    @Option(
            names = "--working-tree",
            description = "Read the files on disk, uncommitted changes included, instead of the commit")
    boolean workingTree;

    @Option(
            names = "--max-file-kb",
            defaultValue = "2048",
            description = "Skip (with a warning) test files larger than this (default: ${DEFAULT-VALUE})")
    long maxFileKb;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description =
                    "Where git URLs are cloned (default: $XDG_CACHE_HOME/flakelens/repos or ~/.cache/flakelens/repos)")
    Path cache;

    @Override
    public Integer call() throws IOException {
        Markers markers = markers();
        if (record && workingTree) {
            throw new UserException("--store records a commit's list; --working-tree reads files no commit holds");
        }
        Repositories repos =
                new Repositories(cache != null ? cache : Repositories.defaultCache(System.getenv()), System.getenv());
        Inventory inv;
        try (Checkout co = open(repos)) {
            ScanResult result;
            try (Progress p = new Progress(format == Format.table && System.console() != null)) {
                result = new QuarantineScanner(markers, globs, maxFileKb * 1024).scan(co.tree(), p::at);
            }
            inv = new Inventory(
                    repoName != null ? repoName : co.repo(),
                    co.branch(),
                    co.commit(),
                    co.committedAt(),
                    Instant.now(),
                    result);
        }
        PrintWriter err = spec.commandLine().getErr();
        for (ScanWarning w : inv.result().warnings()) {
            err.println("flakelens: warning: " + w);
        }
        if (record) {
            if (inv.commit() == null) {
                throw new UserException(repo + " is not the top folder of a git checkout: --store needs a commit to"
                        + " record (scan the checkout's top folder, with --path-glob to narrow the scan)");
            }
            try (Database db = store.open()) {
                boolean stored = new QuarantineLedger(db).record(inv);
                err.println(
                        stored
                                ? "flakelens: stored the scan of " + shortCommit(inv) + " ("
                                        + inv.result().entries().stream()
                                                .map(MutedTest::test)
                                                .distinct()
                                                .count() + " muted tests, "
                                        + inv.result().entries().size() + " entries)"
                                : "flakelens: " + shortCommit(inv) + " was stored before; nothing changed");
            }
        }
        err.flush();
        print(spec.commandLine().getOut(), inv);
        // the contract's "input partly rejected": the list is complete but for the skipped files
        return inv.result().warnings().isEmpty() ? 0 : 2;
    }

    private Checkout open(Repositories repos) throws IOException {
        try {
            return repos.open(repo, branch, workingTree);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException(e.getMessage(), 1);
        }
    }

    private Markers markers() {
        if (markersFile == null) {
            return Markers.defaults();
        }
        try (InputStream in = Files.newInputStream(markersFile)) {
            return Markers.fromJson(in, markersFile.toString());
        } catch (IOException e) {
            throw new UserException("cannot read " + markersFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static String shortCommit(Inventory inv) {
        return inv.repo() + (inv.branch() == null ? "" : " " + inv.branch()) + " @ "
                + inv.commit().substring(0, Math.min(12, inv.commit().length()));
    }

    private void print(PrintWriter out, Inventory inv) {
        List<InventoryRow> rows = inv.result().entries().stream()
                .map(e -> new InventoryRow(inv.repo(), inv.branch(), inv.commit(), e))
                .toList();
        switch (format) {
            case json -> out.println(Json.write(InventoryOutput.dump(inv.scannedAt(), rows)));
            case redash -> out.println(Json.write(InventoryOutput.redash(rows)));
            case table -> {
                long tests = inv.result().entries().stream()
                        .map(MutedTest::test)
                        .distinct()
                        .count();
                out.printf(
                        Locale.ROOT,
                        "%s%s%s: %d muted tests (%d entries) in %d test files%n",
                        inv.repo(),
                        inv.branch() == null ? "" : " " + inv.branch(),
                        inv.commit() == null ? "" : " @ " + inv.commit().substring(0, 12),
                        tests,
                        inv.result().entries().size(),
                        inv.result().files());
                if (!rows.isEmpty()) {
                    out.print(TableRenderer.render(InventoryOutput.compact(rows), OutputFormat.TABLE));
                }
            }
            default -> out.print(TableRenderer.render(InventoryOutput.full(rows), OutputFormat.parse(format.name())));
        }
        out.flush();
    }

    /** A progress bar on a terminal; nothing when piped. */
    private static final class Progress implements AutoCloseable {
        private final boolean enabled;
        private ProgressBar bar;

        Progress(boolean enabled) {
            this.enabled = enabled;
        }

        synchronized void at(int done) {
            if (!enabled) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName("scan")
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" files", 1)
                        .build();
            }
            bar.stepTo(done);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
