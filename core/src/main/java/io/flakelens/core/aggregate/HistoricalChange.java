package io.flakelens.core.aggregate;

/**
 * One key's percentiles before and after. {@code old*} are null for a row only in the new data,
 * {@code new*} null for a row only in the current data.
 *
 * @param jobRuns the runs behind the newer side (the current side's for a removed row)
 */
public record HistoricalChange(
        String key, String name, int jobRuns, Double oldP95, Double newP95, Double oldP99, Double newP99) {

    static HistoricalChange of(HistoricalRow old, HistoricalRow now) {
        HistoricalRow any = now != null ? now : old;
        return new HistoricalChange(
                any.key(),
                any.name(),
                any.jobRuns(),
                old == null ? null : old.p95(),
                now == null ? null : now.p95(),
                old == null ? null : old.p99(),
                now == null ? null : now.p99());
    }

    /** Percentage change of P95; null when one side is missing or the old value is 0. */
    public Double p95Change() {
        return percent(oldP95, newP95);
    }

    public Double p99Change() {
        return percent(oldP99, newP99);
    }

    /** {@code new > old} and {@code (new-old)/old*100 > leeway}; a rise from 0 is beyond any leeway. */
    static boolean increasedBeyond(Double old, Double now, double leeway) {
        if (old == null || now == null || !(now > old)) {
            return false;
        }
        return old == 0 || (now - old) / old * 100 > leeway;
    }

    private static Double percent(Double old, Double now) {
        if (old == null || now == null || old == 0) {
            return null;
        }
        return (now - old) / old * 100;
    }
}
