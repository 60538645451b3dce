package io.flakelens.app.testgrid;

import io.flakelens.app.ingest.Ingestion;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.testgrid.Grid;
import io.flakelens.core.testgrid.TestGridException;
import io.flakelens.store.Database;
import io.flakelens.store.FileCounts;
import io.flakelens.store.IngestSession;
import io.flakelens.store.UnstorableTextException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stores TestGrid tabs through the store's ingest session, the path every report takes. Each
 * column is one run and one "report" whose digest is the column's identity, so reading a table
 * again stores only the columns that are new since. Each tab is its own session and transaction:
 * it lands whole or, when it cannot be read or stored, not at all, and the other tabs still land.
 * A column with a test still running is left for a later read rather than stored half.
 */
public final class TestGridIngest {
    /**
     * What to read.
     *
     * @param inputs        URLs and saved files, each one tab
     * @param base          the TestGrid server the dashboards are on (the API root with {@code api})
     * @param dashboards    dashboards whose tabs to read
     * @param tabs          the tabs of the one dashboard to read; empty: as its summary's states say
     * @param states        the tab states (upper case) whose tabs are read, e.g. FLAKY and FAILING
     * @param api           read through the v1 API (tab summaries, headers and rows) instead of the tables
     * @param revisionExtra 0-based position of the revision among the v1 headers' extra values, -1 for none
     */
    public record Request(
            List<String> inputs,
            String base,
            List<String> dashboards,
            List<String> tabs,
            Set<String> states,
            boolean api,
            int revisionExtra) {}

    /**
     * One tab's outcome: its line in the ingest results, and how many of its columns were stored now,
     * were stored before, and are still running.
     */
    public record TabResult(Ingestion.FileResult file, int stored, int known, int running) {}

    public record Summary(long runs, long results, List<TabResult> tabs) {
        public List<Ingestion.FileResult> files() {
            return tabs.stream().map(TabResult::file).toList();
        }
    }

    private final Database db;
    private final TestGridClient client;

    public TestGridIngest(Database db) {
        this(db, TestGridClient.standard());
    }

    TestGridIngest(Database db, TestGridClient client) {
        this.db = db;
        this.client = client;
    }

    public Summary ingest(Request r) {
        GridInputs inputs = new GridInputs(client, r.revisionExtra());
        List<TabResult> out = new ArrayList<>();
        List<GridInputs.TabRead> reads = new ArrayList<>();
        for (String in : r.inputs()) {
            reads.add(inputs.named(in));
        }
        String base = r.base() == null ? null : r.base().replaceAll("/+$", "");
        for (String d : r.dashboards()) {
            try {
                reads.addAll(inputs.dashboard(base, d, r.tabs(), r.states(), r.api()));
            } catch (TestGridException e) {
                out.add(rejected(d, null, e.getMessage()));
            }
        }
        long runs = 0;
        long results = 0;
        for (GridInputs.TabRead t : reads) {
            Grid g;
            try {
                g = t.loader().load();
            } catch (TestGridException e) {
                out.add(rejected(t.label(), null, e.getMessage()));
                continue;
            } catch (IOException e) {
                out.add(rejected(t.label(), null, t.label() + ": cannot read: " + e.getMessage()));
                continue;
            }
            try (IngestSession session = new IngestSession(db)) {
                TabResult tab = store(session, t.label(), g);
                session.commit();
                runs += session.committedRuns();
                results += session.committedResults();
                out.add(tab);
            } catch (UnstorableTextException e) {
                out.add(rejected(t.label(), g.format(), t.label() + ": " + e.getMessage()));
            }
        }
        return new Summary(runs, results, out);
    }

    private static TabResult store(IngestSession session, String label, Grid g) {
        List<Grid.ColumnRun> columns = g.columnRuns();
        int stored = 0;
        int known = 0;
        int running = 0;
        int[] n = new int[6];
        // Oldest first, the order the builds ran in.
        for (int i = columns.size() - 1; i >= 0; i--) {
            Grid.ColumnRun c = columns.get(i);
            if (c.running()) {
                running++;
                continue;
            }
            if (session.alreadyIngested(c.run(), c.digest())) {
                known++;
                continue;
            }
            IngestSession.ReportWriter w =
                    session.begin(c.run(), label + " " + c.run().externalId(), g.format(), c.digest());
            for (TestCase tc : c.cases()) {
                w.accept(tc, null);
            }
            FileCounts fc = w.done();
            n[0] += fc.testcases();
            n[1] += fc.passed();
            n[2] += fc.failures();
            n[3] += fc.errors();
            n[4] += fc.skipped();
            n[5] += fc.flaky();
            stored++;
        }
        String status = stored > 0 ? "ingested" : "skipped";
        String note = stored > 0 ? null : "no new column (" + known + " already stored, " + running + " still running)";
        return new TabResult(
                new Ingestion.FileResult(label, g.format(), status, n[0], n[1], n[2], n[3], n[4], n[5], note),
                stored,
                known,
                running);
    }

    private static TabResult rejected(String label, String format, String error) {
        return new TabResult(new Ingestion.FileResult(label, format, "rejected", 0, 0, 0, 0, 0, 0, error), 0, 0, 0);
    }
}
