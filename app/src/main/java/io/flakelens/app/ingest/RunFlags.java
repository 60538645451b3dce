package io.flakelens.app.ingest;

import io.flakelens.core.model.Run;
import io.flakelens.core.model.StableHash;
import java.time.Instant;
import java.util.List;

/**
 * What the user said about the run on the command line. Flags win over the CI environment, which
 * fills their gaps.
 */
public record RunFlags(
        String run,
        String source,
        String job,
        String builder,
        String revision,
        String change,
        String patchset,
        String equivalence,
        Integer attempt,
        String payload,
        Instant started,
        String status,
        String url,
        Boolean merged,
        Long durationMs,
        Boolean rerun) {

    /** Not a rerun, or not said. */
    public RunFlags(
            String run,
            String source,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            String equivalence,
            Integer attempt,
            String payload,
            Instant started,
            String status,
            String url,
            Boolean merged,
            Long durationMs) {
        this(
                run,
                source,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                started,
                status,
                url,
                merged,
                durationMs,
                null);
    }

    /** Without a duration, which only a manifest or an upload's metadata gives. */
    public RunFlags(
            String run,
            String source,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            String equivalence,
            Integer attempt,
            String payload,
            Instant started,
            String status,
            String url,
            Boolean merged) {
        this(
                run,
                source,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                started,
                status,
                url,
                merged,
                null);
    }

    public static RunFlags none() {
        return new RunFlags(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when the flags or the environment give the run an id, so no digests are needed to name it. */
    boolean namesRun(Run fromEnv) {
        return run != null || fromEnv != null;
    }

    Run resolve(Run fromEnv, List<String> digests) {
        String id = run;
        String src = source;
        if (id == null && fromEnv != null) {
            id = fromEnv.externalId();
            src = src == null ? fromEnv.source() : src;
        }
        if (id == null) {
            // Same reports, same run: re-ingesting a folder without an id changes nothing.
            id = "reports-"
                    + Long.toHexString(StableHash.of(
                            String.join(",", digests.stream().sorted().toList())));
            src = src == null ? "local" : src;
        }
        Run flagged = new Run(
                src == null ? "cli" : src,
                id,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                started,
                durationMs,
                status,
                url,
                merged,
                null,
                Boolean.TRUE.equals(rerun));
        return flagged.orElse(fromEnv);
    }
}
