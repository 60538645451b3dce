package io.flakelens.core.testgrid;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One tab's grid, whichever JSON it came from: columns (one per build, newest first as TestGrid
 * sends them) and rows (one per test), every cell already checked. Each column becomes one run.
 */
public final class Grid {
    /** The row TestGrid adds for the build as a whole: it becomes the run's status, not a test. */
    static final String OVERALL = "Overall";

    public static final String SOURCE = "testgrid";

    record Column(String build, String name, Instant started, String revision, Map<String, String> headers) {}

    record Cell(CellStatus status, String message) {}

    record Row(String name, List<Cell> cells) {}

    /**
     * One column as a run and its cases.
     *
     * @param digest  what makes re-reading the column a no-op: the column's identity, not its content,
     *                so a column stored once is never stored again
     * @param running a test in it is still running: it is left for a later read, not stored half
     */
    public record ColumnRun(Run run, String digest, List<TestCase> cases, boolean running) {}

    private final TabRef ref;
    private final String format;
    private final String job;
    private final String group;
    private final List<Column> columns;
    private final List<Row> rows;

    Grid(TabRef ref, String format, String job, String group, List<Column> columns, List<Row> rows) {
        this.ref = ref;
        this.format = format;
        this.job = job;
        this.group = group;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public TabRef ref() {
        return ref;
    }

    /** {@code testgrid-table} or {@code testgrid-api}: the name ingest results show. */
    public String format() {
        return format;
    }

    public String job() {
        return job;
    }

    public int columnCount() {
        return columns.size();
    }

    public int rowCount() {
        return rows.size();
    }

    /** Every column as a run, newest first. */
    public List<ColumnRun> columnRuns() {
        int n = columns.size();
        ColumnRun[] out = new ColumnRun[n];
        // Counted from the oldest column: new columns arrive at the newest end, so a repeated build
        // keeps the same ordinal, and the same digest, from one read to the next.
        Map<String, Integer> seen = new HashMap<>();
        for (int c = n - 1; c >= 0; c--) {
            Column col = columns.get(c);
            // The name only where it tells columns of one build apart, so the classic table (which
            // has no names) and the API agree on a column's identity.
            String key = col.build() + (col.name() == null || col.name().equals(col.build()) ? "" : "/" + col.name());
            int k = seen.merge(key, 1, Integer::sum) - 1;
            out[c] = column(c, "testgrid-column:" + key + (k == 0 ? "" : "#" + k));
        }
        return List.of(out);
    }

    private ColumnRun column(int c, String digest) {
        Column col = columns.get(c);
        List<TestCase> cases = new ArrayList<>();
        CellStatus overall = null;
        boolean running = false;
        for (Row row : rows) {
            Cell cell = row.cells().get(c);
            running |= cell.status().verdict == CellStatus.Verdict.RUNNING;
            if (row.name().equals(OVERALL)) {
                overall = cell.status();
                continue;
            }
            List<Attempt> attempts = attempts(cell);
            if (!attempts.isEmpty()) {
                cases.add(new TestCase(new TestId("", row.name()), null, attempts));
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        put(extra, "testgrid_dashboard", ref.dashboard());
        put(extra, "testgrid_tab", ref.tab());
        put(extra, "testgrid_group", group);
        if (col.name() != null) {
            extra.put("testgrid_column", col.name());
        }
        if (!col.headers().isEmpty()) {
            extra.put("testgrid_headers", col.headers());
        }
        Run run = new Run(
                SOURCE,
                job + "/" + col.build(),
                job,
                null,
                col.revision(),
                null,
                null,
                null,
                null,
                null,
                col.started(),
                null,
                overall == null || overall == CellStatus.NO_RESULT
                        ? null
                        : overall.name().toLowerCase(Locale.ROOT),
                null,
                null,
                extra);
        return new ColumnRun(run, digest, cases, running);
    }

    private static void put(Map<String, Object> extra, String key, String value) {
        if (value != null && !value.isBlank()) {
            extra.put(key, value);
        }
    }

    static List<Attempt> attempts(Cell cell) {
        CellStatus s = cell.status();
        String message = cell.message() == null || cell.message().isEmpty() ? null : cell.message();
        return switch (s.verdict) {
            case NONE, RUNNING -> List.of();
            case PASS -> List.of(Attempt.pass(-1));
            case FAIL -> List.of(new Attempt(Outcome.FAIL, -1, failure(s, message)));
            case FLAKY -> List.of(new Attempt(Outcome.FAIL, -1, failure(s, message)), Attempt.pass(-1));
            case NOT_RUN -> List.of(new Attempt(Outcome.SKIP, -1, new Failure(s.name(), message, null)));
        };
    }

    /** A plain FAIL says nothing beyond its message; the other failing codes keep their kind as the type. */
    private static Failure failure(CellStatus s, String message) {
        String type = s == CellStatus.FAIL || s == CellStatus.FLAKY ? null : s.name();
        return type == null && message == null ? null : new Failure(type, message, null);
    }
}
