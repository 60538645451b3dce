package io.flakelens.app.demo;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One line of {@code runs.jsonl} per run, in the fields {@code flakelens ingest --manifest} reads.
 * Written by hand rather than through Jackson: the field order stays fixed and a million lines cost
 * no object trees.
 */
final class RunManifest {
    static final String URL_BASE = "https://ci.acme.example/job/";
    private static final DateTimeFormatter PAYLOAD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");

    private final SimulationConfig config;

    RunManifest(SimulationConfig config) {
        this.config = config;
    }

    /** A post-submit run tests a nightly-style payload named after its revision's commit time. */
    static String payload(RunSpec run) {
        if (run.revision() == null) {
            return null;
        }
        return "1.4.0-0.ci-"
                + LocalDateTime.ofInstant(run.revision().time(), ZoneOffset.UTC).format(PAYLOAD_TIME);
    }

    String line(RunSpec run, boolean failed, List<String> reports) {
        StringBuilder sb = new StringBuilder(256 + 64 * reports.size());
        sb.append('{');
        field(sb, "run", run.id()).append(',');
        field(sb, "source", config.source()).append(',');
        field(sb, "job", config.jobs().get(run.job())).append(',');
        field(sb, "builder", config.builders().get(run.builder())).append(',');
        field(sb, "revision", run.sha()).append(',');
        field(sb, "change", run.presubmit() ? run.change().id() : null).append(',');
        field(sb, "patchset", run.presubmit() ? run.patchset().numberText() : null)
                .append(',');
        field(sb, "equivalence", run.equivalence()).append(',');
        sb.append("\"attempt\":").append(run.attempt()).append(',');
        field(sb, "payload", payload(run)).append(',');
        field(sb, "started_at", run.startedAt().toString()).append(',');
        sb.append("\"duration_ms\":").append(run.durationMs()).append(',');
        field(sb, "status", failed ? "failed" : "passed").append(',');
        sb.append("\"merged\":")
                .append(run.presubmit() ? Boolean.toString(run.change().merged()) : "null")
                .append(',');
        field(sb, "url", URL_BASE + run.id()).append(',');
        sb.append("\"reports\":[");
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, reports.get(i));
        }
        return sb.append("]}\n").toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            return sb.append("null");
        }
        return string(sb, value);
    }

    private static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
