package io.flakelens.core.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Current thresholds against freshly computed ones, joined on the row key. Only rows with at least
 * {@code minJobRuns} runs (on the newer side; the current side's for a removed row) count:
 * <ul>
 * <li>increases: P99 rose by more than {@code leeway} percent (or rose from 0);
 * <li>decreases: P99 fell, by any amount (a threshold that tightens also wants a human's look);
 * <li>added and removed: keys on one side only, listed; they do not by themselves need review (as in
 *     the original).
 * </ul>
 * Review is needed when there is an increase or a decrease. The merged data are the new rows, except
 * that a key whose new row has fewer than {@code minJobRuns} runs keeps its current row when there is
 * one (too few runs to replace a threshold); keys only in the current data are dropped.
 */
public record HistoricalComparison(
        double leeway,
        int minJobRuns,
        List<HistoricalChange> compared,
        List<HistoricalChange> increases,
        List<HistoricalChange> decreases,
        List<HistoricalChange> added,
        List<HistoricalChange> removed,
        List<HistoricalRow> merged) {

    public boolean needsReview() {
        return !increases.isEmpty() || !decreases.isEmpty();
    }

    public static HistoricalComparison compare(
            List<HistoricalRow> current, List<HistoricalRow> next, double leeway, int minJobRuns) {
        if (!(leeway >= 0) || Double.isInfinite(leeway)) {
            throw new IllegalArgumentException("the leeway must be a percentage of 0 or more: " + leeway);
        }
        if (minJobRuns < 0) {
            throw new IllegalArgumentException("the minimum job runs must be 0 or more: " + minJobRuns);
        }
        Map<String, HistoricalRow> cur = index(current);
        Map<String, HistoricalRow> nxt = index(next);
        List<HistoricalChange> compared = new ArrayList<>();
        List<HistoricalChange> increases = new ArrayList<>();
        List<HistoricalChange> decreases = new ArrayList<>();
        List<HistoricalChange> added = new ArrayList<>();
        List<HistoricalChange> removed = new ArrayList<>();
        List<HistoricalRow> merged = new ArrayList<>();
        for (HistoricalRow n : nxt.values()) {
            HistoricalRow o = cur.get(n.key());
            boolean enough = n.jobRuns() >= minJobRuns;
            merged.add(enough || o == null ? n : o);
            if (!enough) {
                continue;
            }
            HistoricalChange c = HistoricalChange.of(o, n);
            if (o == null) {
                added.add(c);
                continue;
            }
            compared.add(c);
            if (HistoricalChange.increasedBeyond(o.p99(), n.p99(), leeway)) {
                increases.add(c);
            } else if (n.p99() < o.p99()) {
                decreases.add(c);
            }
        }
        for (HistoricalRow o : cur.values()) {
            if (!nxt.containsKey(o.key()) && o.jobRuns() >= minJobRuns) {
                removed.add(HistoricalChange.of(o, null));
            }
        }
        Comparator<HistoricalChange> byKey = Comparator.comparing(HistoricalChange::key);
        compared.sort(byKey);
        increases.sort(byKey);
        decreases.sort(byKey);
        added.sort(byKey);
        removed.sort(byKey);
        merged.sort(Comparator.comparing(HistoricalRow::key));
        return new HistoricalComparison(
                leeway,
                minJobRuns,
                List.copyOf(compared),
                List.copyOf(increases),
                List.copyOf(decreases),
                List.copyOf(added),
                List.copyOf(removed),
                List.copyOf(merged));
    }

    private static Map<String, HistoricalRow> index(List<HistoricalRow> rows) {
        Map<String, HistoricalRow> m = new LinkedHashMap<>();
        for (HistoricalRow r : rows) {
            m.put(r.key(), r);
        }
        return m;
    }
}
