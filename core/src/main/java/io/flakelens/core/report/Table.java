package io.flakelens.core.report;

import java.util.List;

/** Column names and rows of plain values, the common shape of every non-JSON output. */
public record Table(List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
