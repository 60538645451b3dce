package io.flakelens.app.serve;

import io.flakelens.store.query.DashboardQuery.JobDay;
import io.flakelens.store.query.TestHistory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chart data for the dashboard's uPlot charts, as plain maps that become JSON:
 * {@code {"x": [epoch seconds...], "series": [{"label": ..., "values": [...]}, ...]}}.
 */
final class Charts {
    private Charts() {}

    /** Per builder and UTC day: the share of the test's runs (in %) that failed at least once; null where it did not run. */
    static Map<String, Object> testHistory(TestHistory h) {
        Map<String, Map<LocalDate, long[]>> perBuilder = new TreeMap<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (TestHistory.RunOutcome r : h.runs()) {
            if (r.verdict().equals("skipped")) {
                continue;
            }
            LocalDate day = r.at().atZone(ZoneOffset.UTC).toLocalDate();
            days.add(day);
            String builder = r.builder() == null ? "(none)" : r.builder();
            long[] n = perBuilder.computeIfAbsent(builder, k -> new TreeMap<>()).computeIfAbsent(day, k -> new long[2]);
            n[0]++;
            if (!r.verdict().equals("passed")) {
                n[1]++;
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        perBuilder.forEach((builder, byDay) -> {
            List<Double> values = new ArrayList<>();
            for (LocalDate d : days) {
                long[] n = byDay.get(d);
                values.add(n == null ? null : Math.round(1000.0 * n[1] / n[0]) / 10.0);
            }
            series.add(Map.of("label", builder, "values", values));
        });
        return chart(days, series);
    }

    /** Every job's days folded into one row per day. */
    static List<JobDay> byDay(List<JobDay> days) {
        Map<LocalDate, long[]> sum = new TreeMap<>();
        for (JobDay d : days) {
            long[] n = sum.computeIfAbsent(d.day(), k -> new long[4]);
            n[0] += d.runs();
            n[1] += d.passed();
            n[2] += d.failed();
            n[3] += d.flaky();
        }
        List<JobDay> out = new ArrayList<>();
        sum.forEach((day, n) -> out.add(new JobDay(null, day, n[0], n[1], n[2], n[3])));
        return out;
    }

    /** One chart per job: runs passed, failed and flaky per day. */
    static Map<String, Map<String, Object>> perJob(List<JobDay> days) {
        Map<String, List<JobDay>> byJob = new LinkedHashMap<>();
        TreeSet<LocalDate> all = new TreeSet<>();
        for (JobDay d : days) {
            byJob.computeIfAbsent(d.job(), k -> new ArrayList<>()).add(d);
            all.add(d.day());
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        byJob.forEach((job, list) -> {
            Map<LocalDate, JobDay> at = new TreeMap<>();
            list.forEach(d -> at.put(d.day(), d));
            List<Long> passed = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            List<Long> flaky = new ArrayList<>();
            for (LocalDate day : all) {
                JobDay d = at.get(day);
                passed.add(d == null ? 0 : d.passed());
                failed.add(d == null ? 0 : d.failed());
                flaky.add(d == null ? 0 : d.flaky());
            }
            out.put(
                    job,
                    chart(
                            all,
                            List.of(
                                    Map.of("label", "passed", "values", passed),
                                    Map.of("label", "failed", "values", failed),
                                    Map.of("label", "flaky", "values", flaky))));
        });
        return out;
    }

    private static Map<String, Object> chart(TreeSet<LocalDate> days, List<Map<String, Object>> series) {
        List<Long> x = days.stream()
                .map(d -> d.atStartOfDay(ZoneOffset.UTC).toEpochSecond())
                .toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", x);
        m.put("series", series);
        return m;
    }
}
