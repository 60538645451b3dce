package io.flakelens.app.ci;

import io.flakelens.core.gate.Finding;
import io.flakelens.core.gate.GateFailure;
import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.Judged;
import io.flakelens.core.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gate's verdict as a terminal table and as JSON. */
public final class GateOutput {
    private GateOutput() {}

    public static Table table(GateResult r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Judged j : r.judged()) {
            rows.add(List.of(
                    j.letThrough() ? "pass" : "FAIL",
                    j.finding().label(),
                    j.failure().id().id(),
                    where(j.failure()),
                    j.reason()));
        }
        return new Table(List.of("gate", "finding", "test", "where", "why"), rows);
    }

    static String where(GateFailure f) {
        if (f.file() == null) {
            return "";
        }
        return f.line() > 0 ? f.file() + ":" + f.line() : f.file();
    }

    public static Map<String, Object> json(GateResult r, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", r.passed());
        m.put("summary", r.summary());
        m.put("source", source);
        m.put("tests", r.tests());
        m.put("failures", r.judged().size());
        m.put("let_through", r.letThrough());
        m.put("blocking", r.blocking());
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Judged j : r.judged()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", j.failure().id().id());
            x.put("finding", j.finding().label());
            x.put("let_through", j.letThrough());
            x.put("reason", j.reason());
            x.put("report", j.failure().report());
            x.put("file", j.failure().file());
            x.put("line", j.failure().line() > 0 ? j.failure().line() : null);
            x.put("message", j.failure().message());
            Finding f = j.finding();
            if (f instanceof Finding.KnownFlake k) {
                x.put("flake_rate", Math.round(k.evidence().flakeRate() * 10_000) / 10_000.0);
                x.put("occurrences", k.evidence().occurrences());
                x.put("score", k.evidence().score());
            } else if (f instanceof Finding.ProbablyFlaky p) {
                x.put("flake_probability", p.probability());
            } else if (f instanceof Finding.New n) {
                x.put("flake_probability", n.probability());
            } else if (f instanceof Finding.Muted mu) {
                x.put("marker", mu.mute().marker());
                x.put("ticket", mu.mute().ticket());
            } else if (f instanceof Finding.FailingOnMain fm) {
                x.put("main_failing_revisions", fm.evidence().mainRevisions());
            }
            fs.add(x);
        }
        m.put("judged", fs);
        return m;
    }
}
