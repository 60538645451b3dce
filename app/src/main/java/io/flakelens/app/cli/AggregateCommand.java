package io.flakelens.app.cli;

import io.flakelens.app.contract.Json;
import io.flakelens.core.aggregate.AlwaysPass;
import io.flakelens.core.aggregate.JUnitReport;
import io.flakelens.core.aggregate.Judgement;
import io.flakelens.core.aggregate.PayloadJudge;
import io.flakelens.core.aggregate.PayloadTest;
import io.flakelens.core.aggregate.PayloadVerdict;
import io.flakelens.core.aggregate.Verdict;
import io.flakelens.core.report.OutputFormat;
import io.flakelens.core.report.Table;
import io.flakelens.core.report.TableRenderer;
import io.flakelens.store.Database;
import io.flakelens.store.payload.PayloadQuery;
import io.flakelens.store.payload.PayloadRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flakelens aggregate}: judges every test of one payload's runs of one job against the test's
 * history on that job (OpenShift job-run-aggregator rules; see {@link PayloadJudge}). Exit 0 when the
 * payload passes, 3 when a test fails the judgement.
 */
@Command(
        name = "aggregate",
        mixinStandardHelpOptions = true,
        description = {
            "Judge a release payload: N runs of one job against each test's history"
                    + " on that job (OpenShift job-run-aggregator rules).",
            "Exit codes: 0 the payload passes, 3 a test fails the judgement, 1 error, 2 bad usage or input."
        })
final class AggregateCommand implements Callable<Integer> {
    static final int PAYLOAD_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    FormatOptions output;

    @Option(
            names = "--payload",
            required = true,
            paramLabel = "PAYLOAD",
            description = "The payload the runs were " + "ingested with (ingest --payload)")
    String payload;

    @Option(names = "--job", required = true, paramLabel = "JOB", description = "The job that ran against the payload")
    String job;

    @Option(
            names = "--since-history",
            defaultValue = "10d",
            paramLabel = "SPAN",
            description = "History window"
                    + " before the payload's first run: a span (10d, 2w), a date, or all (default: ${DEFAULT-VALUE})")
    String sinceHistory;

    @Option(
            names = "--min-attempts",
            defaultValue = "6",
            paramLabel = "N",
            description = "Fewer attempts fail the" + " test as insufficient runs (default: ${DEFAULT-VALUE})")
    int minAttempts;

    @Option(
            names = "--assumed-pass-rate",
            defaultValue = "70",
            paramLabel = "PERCENT",
            description =
                    "Pass"
                            + " percentage assumed for a test without history on the job (default: ${DEFAULT-VALUE}, the original's)")
    int assumedPassRate;

    @Option(
            names = "--always-pass",
            paramLabel = "NAME|REGEX",
            description =
                    "A test that always passes the"
                            + " judgement (an infrastructure step): its suite::name, its name, or a regex matching either; repeatable")
    List<String> alwaysPass = new ArrayList<>();

    @Option(
            names = "--junit-out",
            paramLabel = "FILE",
            description = "Also write the verdict as JUnit XML: one" + " testcase per test, failing with the reason")
    Path junitOut;

    @Option(names = "--failed-only", description = "Print only the tests that fail (json and --junit-out keep all)")
    boolean failedOnly;

    @Override
    public Integer call() {
        if (minAttempts < 0) {
            throw new UserException("--min-attempts must be 0 or more");
        }
        if (assumedPassRate < 0 || assumedPassRate > 100) {
            throw new UserException("--assumed-pass-rate must be a percentage from 0 to 100");
        }
        PayloadJudge judge = new PayloadJudge(minAttempts, assumedPassRate, AlwaysPass.of(alwaysPass));
        PayloadVerdict verdict;
        try (Database db = store.open()) {
            PayloadQuery q = new PayloadQuery(db);
            PayloadRuns runs = q.runs(payload, job).orElseThrow(() -> noRuns(q));
            Instant from = Since.parse(sinceHistory, runs.first());
            if (!from.isBefore(runs.first())) {
                throw new UserException("--since-history " + sinceHistory + " starts at " + from
                        + ", not before the payload's first run at " + runs.first());
            }
            List<Judgement> judged = new ArrayList<>();
            for (PayloadTest t : q.tests(payload, job, from, runs.first())) {
                judged.add(judge.judge(t));
            }
            verdict = new PayloadVerdict(payload, job, runs.runs(), runs.first(), from, judged);
        }
        if (junitOut != null) {
            writeJUnit(verdict);
        }
        print(spec.commandLine().getOut(), verdict, judge);
        return verdict.verdict() == Verdict.PASS ? 0 : PAYLOAD_FAILED;
    }

    private UserException noRuns(PayloadQuery q) {
        List<String> known = q.payloads(job, 5);
        if (known.isEmpty()) {
            known = q.payloads(null, 5);
        }
        return new UserException("no runs of job " + job + " with payload " + payload + " are stored"
                + (known.isEmpty()
                        ? " (no run has a payload: ingest with --payload)"
                        : "; recent payloads: " + String.join(", ", known)));
    }

    private void writeJUnit(PayloadVerdict v) {
        try {
            OutputFiles.write(junitOut, out -> JUnitReport.write(v, out));
        } catch (IOException e) {
            throw new UserException("cannot write " + junitOut + ": " + e.getMessage(), 1);
        }
    }

    private void print(PrintWriter out, PayloadVerdict v, PayloadJudge judge) {
        if (output.format == OutputFormat.JSON) {
            out.println(Json.write(json(v, judge)));
            out.flush();
            return;
        }
        if (output.format != OutputFormat.CSV && output.format != OutputFormat.HTML) {
            for (String line : headline(v, judge)) {
                out.println(line);
            }
            out.println();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Judgement j : v.tests()) {
            if (failedOnly && j.verdict() == Verdict.PASS) {
                continue;
            }
            rows.add(Arrays.asList(
                    j.verdict().label(),
                    j.test().id().id(),
                    j.test().attempts(),
                    j.test().passes(),
                    j.test().failures(),
                    j.test().skips(),
                    history(j),
                    j.test().historyRuns(),
                    j.required(),
                    !j.judgedOnHistory() || j.power().drop() < 0
                            ? ""
                            : j.power().drop() + " pts" + (j.power().weak() ? " (weak)" : ""),
                    j.reason().text()));
        }
        out.print(TableRenderer.render(
                new Table(
                        List.of(
                                "verdict",
                                "test",
                                "attempts",
                                "passes",
                                "failures",
                                "skips",
                                "history",
                                "history_runs",
                                "required",
                                "detectable_drop",
                                "reason"),
                        rows),
                output.format));
        out.flush();
    }

    private static String history(Judgement j) {
        return j.historyAssumed()
                ? j.historicalPercent() + "% (assumed)"
                : String.format(Locale.ROOT, "%.1f%%", j.historicalPassRate() * 100);
    }

    static List<String> headline(PayloadVerdict v, PayloadJudge judge) {
        List<String> lines = new ArrayList<>();
        lines.add("payload " + v.payload() + " on job " + v.job() + ": "
                + v.verdict().label().toUpperCase(Locale.ROOT)
                + ", " + v.failed() + " of " + v.tests().size() + " tests failed the judgement (" + v.runs()
                + " runs from " + v.firstRun() + "; history from " + v.historyFrom() + ")");
        for (PayloadVerdict.Power p : v.power()) {
            lines.add("power: " + p.sentence());
        }
        for (String w : warnings(v, judge)) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    static List<String> warnings(PayloadVerdict v, PayloadJudge judge) {
        List<String> out = new ArrayList<>();
        long assumed = v.historyAssumed();
        if (assumed > 0) {
            out.add(assumed + " test" + (assumed == 1 ? "" : "s") + " had no history on job " + v.job()
                    + " in the window: judged as if passing " + judge.assumedPercent() + "% of the time");
        }
        long weak = v.power().stream().mapToLong(PayloadVerdict.Power::weak).sum();
        if (weak > 0) {
            out.add(weak + " test" + (weak == 1 ? "" : "s") + " passed or failed on a judgement too weak to mean"
                    + " much: with so few attempts, it would likely miss their pass rate halving; run the job more"
                    + " often against the payload");
        }
        return out;
    }

    static Map<String, Object> json(PayloadVerdict v, PayloadJudge judge) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payload", v.payload());
        m.put("job", v.job());
        m.put("runs", v.runs());
        m.put("verdict", v.verdict().label());
        List<Map<String, Object>> tests = new ArrayList<>(v.tests().size());
        for (Judgement j : v.tests()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("suite", j.test().id().suite());
            t.put("name", j.test().id().name());
            t.put("id", j.test().id().id());
            t.put("attempts", j.test().attempts());
            t.put("passes", j.test().passes());
            t.put("failures", j.test().failures());
            t.put("skips", j.test().skips());
            t.put("historical_pass_rate", Math.round(j.historicalPassRate() * 10_000) / 10_000.0);
            t.put("history_runs", j.test().historyRuns());
            t.put("required_passes", j.required());
            t.put("verdict", j.verdict().label());
            t.put("reason", j.reason().text());
            // beyond the original's shape: what the judgement rested on and what it can see
            t.put("reason_code", j.reason().code());
            t.put("history_assumed", j.historyAssumed());
            boolean rated = j.judgedOnHistory() && j.power().drop() >= 0;
            t.put("detectable_drop", rated ? j.power().drop() / 100.0 : null);
            t.put("weak_judgement", j.judgedOnHistory() && j.power().weak());
            tests.add(t);
        }
        m.put("tests", tests);
        m.put("first_run", String.valueOf(v.firstRun()));
        m.put("history_from", String.valueOf(v.historyFrom()));
        m.put("min_attempts", judge.minAttempts());
        m.put("assumed_pass_rate", judge.assumedPercent() / 100.0);
        List<Map<String, Object>> power = new ArrayList<>();
        for (PayloadVerdict.Power p : v.power()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("attempts", p.attempts());
            x.put("tests", p.tests());
            x.put("median_historical_pass_rate", p.medianPercent() / 100.0);
            x.put("detectable_drop", p.drop() < 0 ? null : p.drop() / 100.0);
            x.put("weak_tests", p.weak());
            power.add(x);
        }
        m.put("power", power);
        m.put("warnings", warnings(v, judge));
        return m;
    }
}
