package io.flakelens.app.quarantine;

import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.report.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes a muted-test list is written in, the same from the command line and the server: the
 * DC/OS grabber's dump ({@code {"timestamp", "entries": [...]}}), redash's URL data source
 * ({@code {"columns": [{"name", "type", "friendly_name"}], "rows": [...]}}) and tables.
 */
public final class InventoryOutput {
    /** Every field of an entry, in order, with redash's type and a friendly name. */
    public static final List<String[]> COLUMNS = List.of(
            new String[] {"repo", "string", "Repository"}, new String[] {"branch", "string", "Branch"},
            new String[] {"commit", "string", "Commit"}, new String[] {"file", "string", "File"},
            new String[] {"line", "integer", "Line"}, new String[] {"language", "string", "Language"},
            new String[] {"suite", "string", "Suite"}, new String[] {"name", "string", "Test"},
            new String[] {"id", "string", "Test id"}, new String[] {"marker", "string", "Marker"},
            new String[] {"ticket", "string", "Ticket"}, new String[] {"reason", "string", "Reason"},
            new String[] {"since", "string", "Muted since"}, new String[] {"scope", "string", "Scope"});

    private InventoryOutput() {}

    public static Map<String, Object> entry(InventoryRow r) {
        MutedTest e = r.entry();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", r.repo());
        m.put("branch", r.branch());
        m.put("commit", r.commit());
        m.put("file", e.file());
        m.put("line", e.line());
        m.put("language", e.language().label());
        m.put("suite", e.test().suite());
        m.put("name", e.test().name());
        m.put("id", e.test().id());
        m.put("marker", e.marker());
        m.put("ticket", e.ticket());
        m.put("reason", e.reason());
        m.put("since", e.since());
        m.put("scope", e.scope().label());
        return m;
    }

    /** The DC/OS dump shape. */
    public static Map<String, Object> dump(Instant timestamp, List<InventoryRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", timestamp.toString());
        m.put("entries", rows.stream().map(InventoryOutput::entry).toList());
        return m;
    }

    /** What redash's URL data source reads. */
    public static Map<String, Object> redash(List<InventoryRow> rows) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (String[] c : COLUMNS) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c[0]);
            col.put("type", c[1]);
            col.put("friendly_name", c[2]);
            columns.add(col);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", columns);
        m.put("rows", rows.stream().map(InventoryOutput::entry).toList());
        return m;
    }

    /** All columns, for csv, markdown and the like. */
    public static Table full(List<InventoryRow> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (InventoryRow r : rows) {
            out.add(new ArrayList<>(entry(r).values()));
        }
        return new Table(COLUMNS.stream().map(c -> c[0]).toList(), out);
    }

    /** A terminal's width: repo, branch and commit go in the heading, the reason is cut short. */
    public static Table compact(List<InventoryRow> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (InventoryRow r : rows) {
            MutedTest e = r.entry();
            String reason = e.reason() == null ? "" : e.reason().replaceAll("\\s+", " ");
            out.add(List.of(
                    e.file() + ":" + e.line(),
                    e.language().label(),
                    e.test().id(),
                    e.scope().label(),
                    e.marker(),
                    e.ticket() == null ? "" : e.ticket(),
                    reason.length() > 60 ? reason.substring(0, 57) + "..." : reason));
        }
        return new Table(List.of("where", "language", "test", "scope", "marker", "ticket", "reason"), out);
    }
}
