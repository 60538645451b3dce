package io.flakelens.app.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Counters and a per-route latency histogram, written in the Prometheus text format (version
 * 0.0.4) by hand: three counters and one histogram do not justify a metrics library.
 */
final class Metrics {
    /** Upper bounds in seconds; the last bucket, +Inf, is implied. */
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    final AtomicLong uploads = new AtomicLong();
    final AtomicLong resultsIngested = new AtomicLong();
    final AtomicLong filesRejected = new AtomicLong();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    private static final class Histogram {
        final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
        final DoubleAdder sum = new DoubleAdder();
        final AtomicLong count = new AtomicLong();

        void observe(double seconds) {
            int i = 0;
            while (i < BOUNDS.length && seconds > BOUNDS[i]) {
                i++;
            }
            buckets.incrementAndGet(i);
            sum.add(seconds);
            count.incrementAndGet();
        }
    }

    /** Records one request; {@code route} is the matched route template, so ids do not explode the labels. */
    void observe(String method, String route, int status, double millis) {
        String key = method + " " + route + " " + (status / 100) + "xx";
        latency.computeIfAbsent(key, k -> new Histogram()).observe(millis / 1000.0);
    }

    String render(DetectionJob.Status detection) {
        StringBuilder b = new StringBuilder();
        counter(
                b,
                "flakelens_uploads_total",
                "Authorised uploads to POST /api/v1/runs that reached ingest.",
                uploads.get());
        counter(b, "flakelens_results_ingested_total", "Test results stored from uploads.", resultsIngested.get());
        counter(b, "flakelens_files_rejected_total", "Uploaded files rejected as unreadable.", filesRejected.get());
        counter(b, "flakelens_detection_passes_total", "Detection passes this instance ran.", detection.passes());
        gauge(
                b,
                "flakelens_detection_pending",
                "1 while a detection pass is queued or running: what was uploaded may not show in reads yet.",
                detection.pending() ? "1" : "0");
        gauge(
                b,
                "flakelens_detection_last_pass_seconds",
                "How long this instance's last detection pass took.",
                num(detection.lastPassSeconds()));
        b.append("# HELP flakelens_http_request_duration_seconds Request latency per route.\n");
        b.append("# TYPE flakelens_http_request_duration_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
            String[] k = e.getKey().split(" ", 3);
            String labels = "method=\"" + esc(k[0]) + "\",route=\"" + esc(k[1]) + "\",status=\"" + k[2] + "\"";
            Histogram h = e.getValue();
            long cumulative = 0;
            for (int i = 0; i <= BOUNDS.length; i++) {
                cumulative += h.buckets.get(i);
                String le = i < BOUNDS.length ? num(BOUNDS[i]) : "+Inf";
                b.append("flakelens_http_request_duration_seconds_bucket{")
                        .append(labels)
                        .append(",le=\"")
                        .append(le)
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            b.append("flakelens_http_request_duration_seconds_sum{")
                    .append(labels)
                    .append("} ")
                    .append(num(h.sum.sum()))
                    .append('\n');
            b.append("flakelens_http_request_duration_seconds_count{")
                    .append(labels)
                    .append("} ")
                    .append(h.count.get())
                    .append('\n');
        }
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, String value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(' ').append(value).append('\n');
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
