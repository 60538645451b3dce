package io.flakelens.core.testgrid;

import static io.flakelens.core.testgrid.GridJson.array;
import static io.flakelens.core.testgrid.GridJson.field;
import static io.flakelens.core.testgrid.GridJson.integer;
import static io.flakelens.core.testgrid.GridJson.kind;
import static io.flakelens.core.testgrid.GridJson.quoted;
import static io.flakelens.core.testgrid.GridJson.scalar;
import static io.flakelens.core.testgrid.GridJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The v1 API's grid of one tab ({@code testgrid.api.v1}): {@code ListHeadersResponse} gives the
 * columns ({@code build}, {@code name}, {@code started}, {@code extra}), {@code ListRowsResponse}
 * the tests, one cell per column ({@code result}, {@code message}, {@code icon}, {@code cell_id}),
 * not run-length encoded. Protobuf's JSON leaves zero values out, so a cell without a result is a
 * cell with no result, and it writes names as {@code cell_id} or {@code cellId}: both are read.
 * The headers' {@code extra} values carry no names; which of them is the revision is the caller's
 * to say.
 */
public final class ApiGrid {
    private ApiGrid() {}

    /**
     * @param job           the job the tab's runs belong to (the API does not name the test group)
     * @param revisionExtra the 0-based position in each header's {@code extra} that holds the tested
     *                      revision, or -1 when none does
     */
    public static Grid read(TabRef ref, String job, JsonNode headers, JsonNode rows, int revisionExtra)
            throws TestGridException {
        String tab = ref.label();
        if (job == null || job.isBlank()) {
            throw new TestGridException(tab, "no job to file the runs under");
        }
        List<Grid.Column> columns = columns(tab, headers, revisionExtra);
        if (!rows.isObject()) {
            throw new TestGridException(tab, "expected the rows (a JSON object), found " + kind(rows));
        }
        JsonNode list = array(tab, "", rows, "rows", null, false);
        List<Grid.Row> out = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            out.add(row(tab, i, list.get(i), columns.size()));
        }
        return new Grid(ref, "testgrid-api", job, null, columns, out);
    }

    private static List<Grid.Column> columns(String tab, JsonNode headers, int revisionExtra) throws TestGridException {
        if (!headers.isObject()) {
            throw new TestGridException(tab, "expected the headers (a JSON object), found " + kind(headers));
        }
        JsonNode list = array(tab, "", headers, "headers", null, false);
        List<Grid.Column> out = new ArrayList<>();
        for (int c = 0; list != null && c < list.size(); c++) {
            JsonNode h = list.get(c);
            String where = "\"headers\"[" + c + "]";
            if (!h.isObject()) {
                throw new TestGridException(tab, where + " is " + kind(h) + ", expected an object");
            }
            String build = text(tab, where + ".", h, "build", null);
            if (build == null || build.isBlank()) {
                throw new TestGridException(tab, where + " has no \"build\": a column needs its build id");
            }
            String name = text(tab, where + ".", h, "name", null);
            Instant started = started(tab, where + ".started", field(h, "started", null));
            Map<String, String> extras = new LinkedHashMap<>();
            String revision = null;
            JsonNode extra = array(tab, where + ".", h, "extra", null, false);
            for (int e = 0; extra != null && e < extra.size(); e++) {
                String v = scalar(tab, where + ".extra[" + e + "]", extra.get(e));
                extras.put("extra " + (e + 1), v);
                if (e == revisionExtra && !v.isBlank()) {
                    revision = v.strip();
                }
            }
            out.add(new Grid.Column(build, name == null || name.isBlank() ? null : name, started, revision, extras));
        }
        return out;
    }

    /** A protobuf Timestamp: RFC 3339 text in protobuf's JSON, {@code {seconds, nanos}} in Go's. */
    static Instant started(String tab, String what, JsonNode v) throws TestGridException {
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.asText().strip());
            } catch (DateTimeParseException e) {
                throw new TestGridException(tab, what + " is not an RFC 3339 time: " + quoted(v.asText()));
            }
        }
        if (v.isObject()) {
            long seconds = v.has("seconds") ? integer(tab, what + ".seconds", v.get("seconds")) : 0;
            long nanos = v.has("nanos") ? integer(tab, what + ".nanos", v.get("nanos")) : 0;
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new TestGridException(tab, what + " is out of range");
            }
        }
        throw new TestGridException(tab, what + " is " + kind(v) + ", expected a time");
    }

    private static Grid.Row row(String tab, int index, JsonNode r, int columns) throws TestGridException {
        if (!r.isObject()) {
            throw new TestGridException(tab, "\"rows\"[" + index + "] is " + kind(r) + ", expected an object");
        }
        String name = text(tab, "\"rows\"[" + index + "].", r, "name", null);
        if (name == null || name.isBlank()) {
            throw new TestGridException(tab, "\"rows\"[" + index + "] has no \"name\"");
        }
        String where = "test " + quoted(name) + ": ";
        JsonNode cells = array(tab, where, r, "cells", null, false);
        int n = cells == null ? 0 : cells.size();
        if (n != columns) {
            throw new TestGridException(
                    tab, where + "\"cells\" has " + n + " entries, the headers " + columns + ": one per column");
        }
        List<Grid.Cell> out = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            JsonNode cell = cells.get(c);
            String at = where + "\"cells\"[" + c + "]";
            if (!cell.isObject()) {
                throw new TestGridException(tab, at + " is " + kind(cell) + ", expected an object");
            }
            JsonNode result = field(cell, "result", null);
            long code = result == null ? 0 : integer(tab, at + ".result", result);
            CellStatus s = CellStatus.of(code);
            if (s == null) {
                throw new TestGridException(
                        tab, at + ": unknown result code " + code + " (TestGrid's codes are 0 to 15)");
            }
            out.add(new Grid.Cell(s, text(tab, at + ".", cell, "message", null)));
        }
        return new Grid.Row(name, out);
    }
}
