package io.flakelens.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * One execution of one CI job. Every field but {@code source} and {@code externalId} may be null:
 * reports seldom say all of it, and missing metadata must not stop a report from landing.
 *
 * @param equivalence two runs with the same key tested the same code; defaults to the revision
 * @param merged      the eventual fate of the change, when known
 * @param extra       fields a manifest carried that the model does not know; kept, not dropped
 * @param rerun       a deliberate rerun of old code to find where a test changed, not a CI run of
 *                    new code: it feeds rerun plans, and neither places its revision in commit order
 *                    nor counts as a flake occurrence
 */
public record Run(
        String source,
        String externalId,
        String job,
        String builder,
        String revision,
        String change,
        String patchset,
        String equivalence,
        Integer attempt,
        String payload,
        Instant startedAt,
        Long durationMs,
        String status,
        String url,
        Boolean merged,
        Map<String, Object> extra,
        boolean rerun) {

    /** A run as CI ran it, not a rerun. */
    public Run(
            String source,
            String externalId,
            String job,
            String builder,
            String revision,
            String change,
            String patchset,
            String equivalence,
            Integer attempt,
            String payload,
            Instant startedAt,
            Long durationMs,
            String status,
            String url,
            Boolean merged,
            Map<String, Object> extra) {
        this(
                source,
                externalId,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                startedAt,
                durationMs,
                status,
                url,
                merged,
                extra,
                false);
    }

    public Run {
        source = source == null || source.isBlank() ? "local" : source;
        if (externalId == null || externalId.isBlank()) {
            throw new IllegalArgumentException("a run needs an id");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Stable numeric key from source and external id; re-ingesting the same run finds the same row. */
    public long key() {
        return StableHash.of(source + "\u0000" + externalId);
    }

    public String equivalenceKey() {
        return equivalence != null ? equivalence : revision;
    }

    public boolean presubmit() {
        return change != null && !change.isBlank();
    }

    /** Fills the gaps of this run from another description of it (flags over environment, say). */
    public Run orElse(Run other) {
        if (other == null) {
            return this;
        }
        return new Run(
                source,
                externalId,
                pick(job, other.job),
                pick(builder, other.builder),
                pick(revision, other.revision),
                pick(change, other.change),
                pick(patchset, other.patchset),
                pick(equivalence, other.equivalence),
                pick(attempt, other.attempt),
                pick(payload, other.payload),
                pick(startedAt, other.startedAt),
                pick(durationMs, other.durationMs),
                pick(status, other.status),
                pick(url, other.url),
                pick(merged, other.merged),
                extra.isEmpty() ? other.extra : extra,
                rerun || other.rerun);
    }

    private static <T> T pick(T a, T b) {
        return a != null ? a : b;
    }

    public Run withStatus(String newStatus) {
        return new Run(
                source,
                externalId,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                startedAt,
                durationMs,
                newStatus,
                url,
                merged,
                extra,
                rerun);
    }

    public Run withStartedAt(Instant t) {
        return new Run(
                source,
                externalId,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                t,
                durationMs,
                status,
                url,
                merged,
                extra,
                rerun);
    }
}
