package io.flakelens.app.quarantine;

import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.report.Table;
import io.flakelens.store.quarantine.MuteSuggestion;
import io.flakelens.store.quarantine.MutedSpan;
import io.flakelens.store.quarantine.Suggestions;
import io.flakelens.store.quarantine.UnmuteSuggestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Suggestions and history as JSON and tables, the same from the command line and the server. */
public final class SuggestionOutput {
    private SuggestionOutput() {}

    public static Map<String, Object> json(Suggestions s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mute", s.mute().stream().map(SuggestionOutput::mute).toList());
        m.put("unmute", s.unmute().stream().map(SuggestionOutput::unmute).toList());
        return m;
    }

    public static Map<String, Object> mute(MuteSuggestion s) {
        FlakyTest f = s.flake();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id().id());
        m.put("suite", f.id().suite());
        m.put("name", f.id().name());
        m.put("score", f.score());
        m.put("kinds", f.kinds().stream().map(EvidenceKind::label).toList());
        m.put("occurrences", f.occurrences());
        m.put("runs", f.runs());
        m.put("failures", f.failures());
        m.put("flake_rate", Math.round(f.flakeRate() * 10_000) / 10_000.0);
        m.put("last_seen", String.valueOf(f.lastSeen()));
        m.put("evidence", s.evidence());
        return m;
    }

    public static Map<String, Object> unmute(UnmuteSuggestion s) {
        MutedTest e = s.muted();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.test().id());
        m.put("suite", e.test().suite());
        m.put("name", e.test().name());
        m.put("why", s.why().label());
        m.put("runs", s.runs());
        m.put("executed", s.executed());
        m.put("last_seen", s.lastSeen() == null ? null : s.lastSeen().toString());
        m.put("repo", s.repo());
        m.put("file", e.file());
        m.put("line", e.line());
        m.put("marker", e.marker());
        m.put("ticket", e.ticket());
        m.put("reason", e.reason());
        m.put("scope", e.scope().label());
        m.put("evidence", s.evidence());
        return m;
    }

    /** Both kinds in one table: what to do, to which test, why, on how many runs. */
    public static Table table(Suggestions s) {
        List<List<Object>> rows = new ArrayList<>();
        for (MuteSuggestion m : s.mute()) {
            rows.add(List.of(
                    "mute",
                    m.test().id(),
                    m.flake().kinds().stream().map(EvidenceKind::label).collect(Collectors.joining(",")),
                    m.runs(),
                    "",
                    "",
                    m.evidence()));
        }
        for (UnmuteSuggestion u : s.unmute()) {
            rows.add(List.of(
                    "unmute",
                    u.test().id(),
                    u.why().label(),
                    u.runs(),
                    u.muted().file() + ":" + u.muted().line(),
                    u.muted().ticket() == null ? "" : u.muted().ticket(),
                    u.evidence()));
        }
        return new Table(List.of("suggestion", "test", "why", "runs", "marker_at", "ticket", "evidence"), rows);
    }

    public static Map<String, Object> span(MutedSpan s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repo", s.repo());
        m.put("branch", s.branch());
        m.put("id", s.test().id());
        m.put("file", s.file());
        m.put("line", s.line());
        m.put("marker", s.marker());
        m.put("ticket", s.ticket());
        m.put("muted_commit", s.mutedCommit());
        m.put("muted_at", s.mutedAt() == null ? null : s.mutedAt().toString());
        m.put("unmuted_commit", s.unmutedCommit());
        m.put("unmuted_at", s.unmutedAt() == null ? null : s.unmutedAt().toString());
        return m;
    }

    public static Table history(List<MutedSpan> spans) {
        List<List<Object>> rows = new ArrayList<>();
        for (MutedSpan s : spans) {
            rows.add(List.of(
                    s.repo(),
                    s.branch() == null ? "" : s.branch(),
                    s.test().id(),
                    shortId(s.mutedCommit()),
                    s.mutedAt() == null ? "" : s.mutedAt().toString(),
                    shortId(s.unmutedCommit()),
                    s.unmutedAt() == null ? "" : s.unmutedAt().toString(),
                    s.ticket() == null ? "" : s.ticket()));
        }
        return new Table(
                List.of("repo", "branch", "test", "muted_in", "muted_at", "unmuted_in", "unmuted_at", "ticket"), rows);
    }

    private static String shortId(String commit) {
        return commit == null ? "" : commit.substring(0, Math.min(12, commit.length()));
    }
}
