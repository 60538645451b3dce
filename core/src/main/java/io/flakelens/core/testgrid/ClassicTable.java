package io.flakelens.core.testgrid;

import static io.flakelens.core.testgrid.GridJson.array;
import static io.flakelens.core.testgrid.GridJson.integer;
import static io.flakelens.core.testgrid.GridJson.kind;
import static io.flakelens.core.testgrid.GridJson.quoted;
import static io.flakelens.core.testgrid.GridJson.scalar;
import static io.flakelens.core.testgrid.GridJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The classic {@code /table} JSON of one tab. Columns are parallel arrays ({@code changelists},
 * {@code timestamps}, {@code custom-columns}); each test's {@code statuses} are run-length encoded
 * over the columns; its {@code messages} hold one entry per cell that has a result, so a column's
 * message is found by counting result cells, not columns (a row whose newest cell has no result has
 * its first message on the column after). Everything is checked before anything is returned: a
 * table is read whole or refused whole.
 */
public final class ClassicTable {
    /** Custom header names that give the tested code's revision (compared without case or punctuation). */
    private static final Set<String> REVISION_HEADERS = Set.of("commit", "revision", "repocommit");

    private ClassicTable() {}

    public static Grid read(TabRef ref, JsonNode root) throws TestGridException {
        String tab = ref.label();
        if (!root.isObject()) {
            throw new TestGridException(tab, "expected a TestGrid table (a JSON object), found " + kind(root));
        }
        String group = text(tab, "", root, "test-group-name", null);
        String query = text(tab, "", root, "query", null);
        String job = lastSegment(query);
        if (job == null) {
            job = group == null || group.isBlank() ? null : group;
        }
        if (job == null) {
            throw new TestGridException(tab, "neither \"query\" nor \"test-group-name\" names the job");
        }
        List<Column> columns = columns(tab, root);
        JsonNode tests = array(tab, "", root, "tests", null, true);
        List<Grid.Row> rows = new ArrayList<>(tests.size());
        for (int i = 0; i < tests.size(); i++) {
            rows.add(row(tab, i, tests.get(i), columns.size()));
        }
        List<Grid.Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            cols.add(new Grid.Column(c.build, null, c.started, c.revision, c.headers));
        }
        return new Grid(ref, "testgrid-table", job, group, cols, rows);
    }

    private record Column(String build, Instant started, String revision, Map<String, String> headers) {}

    private static List<Column> columns(String tab, JsonNode root) throws TestGridException {
        JsonNode builds = array(tab, "", root, "changelists", null, true);
        JsonNode times = array(tab, "", root, "timestamps", null, true);
        if (times.size() != builds.size()) {
            throw new TestGridException(
                    tab,
                    "\"timestamps\" has " + times.size() + " entries, \"changelists\" " + builds.size()
                            + ": one of each per column");
        }
        JsonNode names = array(tab, "", root, "column-header-names", "column_header_names", false);
        JsonNode custom = array(tab, "", root, "custom-columns", "column_header", false);
        if (custom != null && custom.size() > 0 && custom.size() != builds.size()) {
            throw new TestGridException(
                    tab,
                    "\"custom-columns\" has " + custom.size() + " entries for " + builds.size()
                            + " columns: one per column");
        }
        List<String> headerNames = new ArrayList<>();
        if (names != null) {
            for (int h = 0; h < names.size(); h++) {
                headerNames.add(scalar(tab, "\"column-header-names\"[" + h + "]", names.get(h)));
            }
        }
        List<Column> out = new ArrayList<>(builds.size());
        for (int c = 0; c < builds.size(); c++) {
            String build = scalar(tab, "\"changelists\"[" + c + "]", builds.get(c));
            if (build.isBlank()) {
                throw new TestGridException(tab, "\"changelists\"[" + c + "] is blank: a column needs its build id");
            }
            long ms = integer(tab, "\"timestamps\"[" + c + "]", times.get(c));
            Map<String, String> headers = new LinkedHashMap<>();
            String revision = null;
            if (custom != null && custom.size() > 0) {
                JsonNode values = custom.get(c);
                if (!values.isArray()) {
                    throw new TestGridException(
                            tab, "\"custom-columns\"[" + c + "] is " + kind(values) + ", expected an array");
                }
                for (int h = 0; h < values.size(); h++) {
                    JsonNode v = values.get(h);
                    String value = v.isNull() ? "" : scalar(tab, "\"custom-columns\"[" + c + "][" + h + "]", v);
                    String name = h < headerNames.size() ? headerNames.get(h) : "header " + (h + 1);
                    headers.put(name, value);
                    if (revision == null && !value.isBlank() && revisionHeader(name)) {
                        revision = value.strip();
                    }
                }
            }
            out.add(new Column(build, Instant.ofEpochMilli(ms), revision, headers));
        }
        return out;
    }

    static boolean revisionHeader(String name) {
        return REVISION_HEADERS.contains(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    }

    private static Grid.Row row(String tab, int index, JsonNode t, int columns) throws TestGridException {
        if (!t.isObject()) {
            throw new TestGridException(tab, "\"tests\"[" + index + "] is " + kind(t) + ", expected an object");
        }
        String name = text(tab, "\"tests\"[" + index + "]: ", t, "name", null);
        if (name == null || name.isBlank()) {
            throw new TestGridException(tab, "\"tests\"[" + index + "] has no \"name\"");
        }
        String where = "test " + quoted(name) + ": ";
        CellStatus[] cells = statuses(tab, where, array(tab, where, t, "statuses", null, true), columns);
        int results = 0;
        for (CellStatus s : cells) {
            results += s.hasResult() ? 1 : 0;
        }
        JsonNode messages = array(tab, where, t, "messages", null, false);
        int count = messages == null ? 0 : messages.size();
        boolean byResult;
        if (count == 0 || count == results) {
            byResult = true;
        } else if (count == columns) {
            // Older writers gave every column a message, empty where there was no result.
            byResult = false;
        } else {
            throw new TestGridException(
                    tab,
                    where + "\"messages\" has " + count + " entries for " + results + " result cells in " + columns
                            + " columns: expected one per result cell");
        }
        List<Grid.Cell> out = new ArrayList<>(columns);
        int r = 0;
        for (int c = 0; c < columns; c++) {
            CellStatus s = cells[c];
            String message = null;
            int at = byResult ? (s.hasResult() ? r++ : -1) : c;
            if (count > 0 && at >= 0) {
                JsonNode m = messages.get(at);
                message = m.isNull() ? null : scalar(tab, where + "\"messages\"[" + at + "]", m);
            }
            out.add(new Grid.Cell(s, message));
        }
        return new Grid.Row(name, out);
    }

    private static CellStatus[] statuses(String tab, String where, JsonNode runs, int columns)
            throws TestGridException {
        CellStatus[] cells = new CellStatus[columns];
        long filled = 0;
        for (int i = 0; i < runs.size(); i++) {
            JsonNode run = runs.get(i);
            String at = where + "\"statuses\"[" + i + "]";
            if (!run.isObject()) {
                throw new TestGridException(tab, at + " is " + kind(run) + ", expected {\"count\":n,\"value\":code}");
            }
            long count = integer(tab, at + ".count", run.get("count"));
            if (count < 0) {
                throw new TestGridException(tab, at + ".count is negative (" + count + ")");
            }
            // proto3 JSON leaves out a zero: a run with no value is a run of NO_RESULT
            long code = run.hasNonNull("value") ? integer(tab, at + ".value", run.get("value")) : 0;
            CellStatus s = CellStatus.of(code);
            if (s == null) {
                throw new TestGridException(
                        tab, at + ": unknown status code " + code + " (TestGrid's codes are 0 to 15)");
            }
            if (filled + count > columns) {
                throw new TestGridException(
                        tab,
                        where + "\"statuses\" cover more than the " + columns + " columns (" + (filled + count)
                                + " by entry " + i + ")");
            }
            for (long k = 0; k < count; k++) {
                cells[(int) (filled + k)] = s;
            }
            filled += count;
        }
        if (filled != columns) {
            throw new TestGridException(
                    tab, where + "\"statuses\" cover " + filled + " columns, the table has " + columns);
        }
        return cells;
    }

    /** {@code kubernetes-ci-logs/logs/ci-kubernetes-e2e-gci-gce} names the job {@code ci-kubernetes-e2e-gci-gce}. */
    static String lastSegment(String query) {
        if (query == null) {
            return null;
        }
        String q = query.strip();
        int cut = q.indexOf('?');
        if (cut >= 0) {
            q = q.substring(0, cut);
        }
        q = q.replaceAll("/+$", "");
        String last = q.substring(q.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }
}
