package io.flakelens.core.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes the job-run-aggregator's historical data files: a JSON array of rows with the
 * name field of their kind, {@code Release, FromRelease, Platform, Architecture, Network, Topology,
 * JobRuns, P50, P75, P95, P99}. Percentiles are seconds, as numbers or as strings (the original writes
 * strings). Strict where the original was lax: a missing field or a negative or non-numeric percentile
 * is an error naming the row. Two rows with one key (the original kept the last silently) are a
 * warning naming both, and the one with more job runs is used. A row is written back as it was read,
 * every field kept as it was, a {@code "MasterNodesUpdated": null} included.
 */
public final class HistoricalData {
    static final List<String> JOB_FIELDS =
            List.of("FromRelease", "Release", "Architecture", "Platform", "Network", "Topology");
    static final List<String> REQUIRED_PERCENTILES = List.of("P95", "P99");
    static final List<String> OPTIONAL_PERCENTILES = List.of("P50", "P75");

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HistoricalData() {}

    /** As {@link #read(String, byte[], HistoricalKind, Consumer)}, with warnings dropped. */
    public static List<HistoricalRow> read(String label, byte[] json, HistoricalKind kind) {
        return read(label, json, kind, w -> {});
    }

    /**
     * Parses and checks a whole file; {@code label} (its path) starts every message. Two rows with
     * one key are not an error: the one with more job runs is used, and {@code warnings} is told.
     */
    public static List<HistoricalRow> read(String label, byte[] json, HistoricalKind kind, Consumer<String> warnings) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HistoricalDataException(
                    label + ": not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"),
                    e);
        } catch (java.io.IOException e) {
            throw new HistoricalDataException(label + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new HistoricalDataException(label + ": expected a JSON array of " + kind.label() + " rows");
        }
        List<HistoricalRow> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        for (JsonNode n : root) {
            i++;
            HistoricalRow row = row(label, i, n, kind);
            Integer before = seen.putIfAbsent(row.key(), rows.size());
            if (before == null) {
                rows.add(row);
                continue;
            }
            // One repeated row must not make the file unusable: keep the row with more job runs (on a
            // tie the later, as the original keeps the last), and say which rows and which was kept.
            HistoricalRow other = rows.get(before);
            HistoricalRow kept = row.jobRuns() >= other.jobRuns() ? row : other;
            warnings.accept(
                    label + ": rows " + other.index() + " and " + row.index() + " have the same key " + row.key()
                            + "; using row " + kept.index() + " (" + kept.jobRuns() + " job runs, the other has "
                            + (kept == row ? other : row).jobRuns() + ")");
            rows.set(before, kept);
        }
        return rows;
    }

    private static HistoricalRow row(String label, int i, JsonNode n, HistoricalKind kind) {
        String where = label + ": row " + i;
        if (!n.isObject()) {
            throw new HistoricalDataException(where + ": expected an object, found " + n.getNodeType());
        }
        String name = text(where, n, kind.nameField());
        where = where + " (" + name + ")";
        StringBuilder key = new StringBuilder(name);
        for (String f : JOB_FIELDS) {
            key.append('_').append(text(where, n, f));
        }
        for (String f : kind.extraFields()) {
            if (n.has(f) && !n.get(f).isNull() && !n.get(f).isTextual()) {
                throw new HistoricalDataException(where + ": " + f + " must be a string");
            }
        }
        where = label + ": row " + i + " (" + key + ")";
        int jobRuns = jobRuns(where, n);
        double p95 = seconds(where, n, "P95", true);
        double p99 = seconds(where, n, "P99", true);
        for (String f : OPTIONAL_PERCENTILES) {
            seconds(where, n, f, false);
        }
        return new HistoricalRow(i, key.toString(), name, jobRuns, p95, p99, (ObjectNode) n);
    }

    private static String text(String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new HistoricalDataException(where + ": missing " + field);
        }
        if (!v.isTextual()) {
            throw new HistoricalDataException(where + ": " + field + " must be a string, found " + v);
        }
        return v.asText();
    }

    private static int jobRuns(String where, JsonNode n) {
        JsonNode v = n.get("JobRuns");
        if (v == null || v.isNull()) {
            throw new HistoricalDataException(where + ": missing JobRuns");
        }
        long runs;
        if (v.isIntegralNumber()) {
            runs = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("\\d{1,9}")) {
            runs = Long.parseLong(v.asText().strip());
        } else {
            throw new HistoricalDataException(where + ": JobRuns must be a whole number, found " + v);
        }
        if (runs < 0 || runs > Integer.MAX_VALUE) {
            throw new HistoricalDataException(where + ": JobRuns must be 0 or more, found " + v);
        }
        return (int) runs;
    }

    private static double seconds(String where, JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new HistoricalDataException(where + ": missing " + field);
            }
            return Double.NaN;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new HistoricalDataException(where + ": " + field + " is not a number of seconds: " + v);
            }
        } else {
            throw new HistoricalDataException(where + ": " + field + " must be a number of seconds, found " + v);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new HistoricalDataException(where + ": " + field + " is not a finite number: " + v);
        }
        if (d < 0) {
            throw new HistoricalDataException(where + ": " + field + " is negative: " + v);
        }
        return d;
    }

    /** The rows as a JSON array sorted by key, each as it was read. */
    public static String write(List<HistoricalRow> rows) {
        ArrayNode a = MAPPER.createArrayNode();
        rows.stream().sorted(Comparator.comparing(HistoricalRow::key)).forEach(r -> a.add(r.raw()));
        try {
            return MAPPER.writeValueAsString(a) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write historical data", e);
        }
    }
}
