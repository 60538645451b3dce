package io.flakelens.app.ingest;

import io.flakelens.core.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run metadata {@code flakelens upload} sends as form fields: the flags, with their gaps filled
 * from the CI's environment exactly as {@code ingest} fills them. The server reads no environment of
 * its own, so the client must say everything.
 */
public final class UploadFields {
    private UploadFields() {}

    public static Map<String, String> of(RunFlags flags, Map<String, String> env) {
        Run ci = CiEnvironment.detect(env);
        Map<String, String> m = new LinkedHashMap<>();
        boolean ownId = flags.run() != null;
        put(m, "run", ownId ? flags.run() : ci == null ? null : ci.externalId());
        put(m, "source", flags.source() != null ? flags.source() : ownId || ci == null ? null : ci.source());
        put(m, "job", pick(flags.job(), ci == null ? null : ci.job()));
        put(m, "builder", pick(flags.builder(), ci == null ? null : ci.builder()));
        put(m, "revision", pick(flags.revision(), ci == null ? null : ci.revision()));
        put(m, "change", pick(flags.change(), ci == null ? null : ci.change()));
        put(m, "patchset", pick(flags.patchset(), ci == null ? null : ci.patchset()));
        put(m, "equivalence", pick(flags.equivalence(), ci == null ? null : ci.equivalence()));
        Integer attempt = flags.attempt() != null ? flags.attempt() : ci == null ? null : ci.attempt();
        put(m, "attempt", attempt == null ? null : attempt.toString());
        put(m, "payload", pick(flags.payload(), ci == null ? null : ci.payload()));
        var started = flags.started() != null ? flags.started() : ci == null ? null : ci.startedAt();
        put(m, "started", started == null ? null : started.toString());
        put(m, "status", pick(flags.status(), ci == null ? null : ci.status()));
        put(m, "url", pick(flags.url(), ci == null ? null : ci.url()));
        Boolean merged = flags.merged() != null ? flags.merged() : ci == null ? null : ci.merged();
        put(m, "merged", merged == null ? null : merged.toString());
        put(m, "rerun", Boolean.TRUE.equals(flags.rerun()) ? "true" : null);
        return m;
    }

    private static String pick(String a, String b) {
        return a != null ? a : b;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }
}
