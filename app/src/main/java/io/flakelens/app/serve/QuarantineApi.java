package io.flakelens.app.serve;

import io.flakelens.app.contract.Window;
import io.flakelens.app.quarantine.InventoryOutput;
import io.flakelens.app.quarantine.InventoryRow;
import io.flakelens.app.quarantine.SuggestionOutput;
import io.flakelens.store.quarantine.QuarantineAdvisor;
import io.flakelens.store.quarantine.QuarantineLedger;
import io.flakelens.store.quarantine.StoredScan;
import io.flakelens.store.quarantine.Suggestions;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/quarantine}: the muted tests of the latest stored scan of every repository and
 * branch (the DC/OS dump shape, with the scans and the suggestions beside it), and
 * {@code /api/v1/quarantine/redash}: the same list as redash's URL data source reads it.
 */
final class QuarantineApi {
    private final StoreAccess store;
    private final DetectionJob detection;

    QuarantineApi(StoreAccess store, DetectionJob detection) {
        this.store = store;
        this.detection = detection;
    }

    /** The latest lists, the suggestions and the scans, read under one hold of the store. */
    record View(List<StoredScan> scans, List<InventoryRow> rows, Suggestions suggestions) {}

    View view(Context ctx) {
        Instant since = Params.since(ctx, Window.DEFAULT);
        int minRuns = minRuns(ctx);
        String repo = Params.text(ctx, "repo");
        detection.run(true);
        return store.with(db -> {
            List<StoredScan> scans = new QuarantineLedger(db).latest(repo);
            return new View(scans, rows(scans), new QuarantineAdvisor(db).suggest(since, minRuns, repo));
        });
    }

    void list(Context ctx) {
        View v = view(ctx);
        Map<String, Object> m = InventoryOutput.dump(Instant.now(), v.rows());
        List<Map<String, Object>> scans = new ArrayList<>();
        for (StoredScan s : v.scans()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("repo", s.repo());
            x.put("branch", s.branch());
            x.put("commit", s.commit());
            x.put(
                    "committed_at",
                    s.committedAt() == null ? null : s.committedAt().toString());
            x.put("scanned_at", s.scannedAt().toString());
            x.put("files", s.files());
            x.put("entries", s.entries().size());
            scans.add(x);
        }
        m.put("scans", scans);
        m.put("suggestions", SuggestionOutput.json(v.suggestions()));
        Replies.json(ctx, 200, m);
    }

    void redash(Context ctx) {
        String repo = Params.text(ctx, "repo");
        List<StoredScan> scans = store.with(db -> new QuarantineLedger(db).latest(repo));
        Replies.json(ctx, 200, InventoryOutput.redash(rows(scans)));
    }

    static List<InventoryRow> rows(List<StoredScan> scans) {
        List<InventoryRow> rows = new ArrayList<>();
        for (StoredScan s : scans) {
            s.entries().forEach(e -> rows.add(new InventoryRow(s.repo(), s.branch(), s.commit(), e)));
        }
        return rows;
    }

    private static int minRuns(Context ctx) {
        String v = Params.text(ctx, "min_runs");
        if (v == null) {
            return QuarantineAdvisor.DEFAULT_MIN_RUNS;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("min_runs", "cannot read \"" + v + "\"; use a whole number of at least 1");
        }
    }
}
