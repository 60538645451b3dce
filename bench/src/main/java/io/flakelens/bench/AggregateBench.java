package io.flakelens.bench;

import io.flakelens.app.cli.FlakelensCommand;
import io.flakelens.core.aggregate.JUnitReport;
import io.flakelens.core.aggregate.Judgement;
import io.flakelens.core.aggregate.PayloadJudge;
import io.flakelens.core.aggregate.PayloadTest;
import io.flakelens.core.aggregate.PayloadVerdict;
import io.flakelens.core.aggregate.Verdict;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import io.flakelens.store.payload.PayloadQuery;
import io.flakelens.store.payload.PayloadRuns;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The payload judgement budget: a payload of {@code runs} runs x {@code tests} tests judged against
 * {@code days} days of the job's history (18 runs a day: about 4 million stored results at the budget's
 * size), on the embedded store. Times the store query plus the judgement, and the whole command as a
 * user runs it (open, query, judge, JSON and JUnit out). Planted regressions check that the figure is
 * of a judgement that works.
 */
public final class AggregateBench {
    static final String PAYLOAD = "4.18.0-0.nightly-bench";
    static final int RUNS_PER_DAY = 18;
    static final int REGRESSIONS = 10;

    private final PrintWriter out;
    private final Path work;

    public AggregateBench(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /**
     * @param seconds      store query, judgement and JUnit, first pass
     * @param exit         the command's exit code (3: the planted regressions fail the payload)
     * @param caught       planted regressions that failed the judgement
     * @param otherFailed  other tests that failed it (flaky tests unlucky in the payload's runs)
     */
    public record Figures(
            long stored, int tests, double seconds, double commandSeconds, int exit, long caught, long otherFailed) {}

    public Figures run(int runs, int tests, int days) throws Exception {
        if (tests < REGRESSIONS + 20) {
            throw new IllegalArgumentException("at least " + (REGRESSIONS + 20) + " tests");
        }
        Path dbFile = work.resolve("aggregate.db");
        Files.deleteIfExists(dbFile);
        long l0 = System.nanoTime();
        long stored;
        Instant start = Instant.parse("2026-11-20T00:00:00Z");
        try (Database db = Database.open(dbFile.toString())) {
            stored = load(db, runs, tests, days, start);
        }
        double load = (System.nanoTime() - l0) / 1e9;

        double best = Double.MAX_VALUE;
        double first = 0;
        PayloadVerdict verdict = null;
        double query = 0;
        try (Database db = Database.open(dbFile.toString())) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                PayloadQuery q = new PayloadQuery(db);
                PayloadRuns pr = q.runs(PAYLOAD, "e2e").orElseThrow();
                Instant from = pr.first().minus(Duration.ofDays(days));
                List<PayloadTest> rows = q.tests(PAYLOAD, "e2e", from, pr.first());
                long t1 = System.nanoTime();
                PayloadJudge judge = PayloadJudge.defaults();
                List<Judgement> js = new ArrayList<>(rows.size());
                for (PayloadTest t : rows) {
                    js.add(judge.judge(t));
                }
                verdict = new PayloadVerdict(PAYLOAD, "e2e", pr.runs(), pr.first(), from, js);
                JUnitReport.write(verdict, OutputStream.nullOutputStream());
                double secs = (System.nanoTime() - t0) / 1e9;
                if (i == 0) {
                    first = secs;
                    query = (t1 - t0) / 1e9;
                }
                best = Math.min(best, secs);
            }
        }
        long t0 = System.nanoTime();
        int exit = FlakelensCommand.run(
                new String[] {
                    "aggregate",
                    "--db",
                    dbFile.toString(),
                    "--payload",
                    PAYLOAD,
                    "--job",
                    "e2e",
                    "--format",
                    "json",
                    "--junit-out",
                    work.resolve("aggregate-junit.xml").toString()
                },
                new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()));
        double cli = (System.nanoTime() - t0) / 1e9;

        long caught = 0;
        long falseAlarms = 0;
        for (Judgement j : verdict.tests()) {
            if (j.verdict() == Verdict.FAIL) {
                if (j.test().id().name().startsWith("regressed")) {
                    caught++;
                } else {
                    falseAlarms++;
                }
            }
        }
        out.printf(
                "aggregate judge a payload of %d runs x %,d tests against %d days of history (%,d stored results): "
                        + "%.2f s (store query %.2f s, judgement and JUnit %.2f s; best of 3 %.2f s); the whole command "
                        + "with JSON and JUnit out %.2f s, exit %d; caught %d of %d planted regressions, %d other tests "
                        + "failed; goal < 3 s; load took %.1f s%n",
                runs,
                tests,
                days,
                stored,
                first,
                query,
                first - query,
                best,
                cli,
                exit,
                caught,
                REGRESSIONS,
                falseAlarms,
                load);
        out.flush();
        return new Figures(stored, verdict.tests().size(), first, cli, exit, caught, falseAlarms);
    }

    /**
     * The job's history, then the payload's runs. 2% of tests are flaky (fail 1-20% of runs), a few new
     * tests have no history, and {@link #REGRESSIONS} tests that always passed fail about 70% of the
     * payload's runs.
     */
    static long load(Database db, int runs, int tests, int days, Instant start) {
        SplittableRandom rnd = new SplittableRandom(5);
        TestId[] ids = new TestId[tests];
        double[] failRate = new double[tests];
        for (int t = 0; t < tests; t++) {
            String name = t < REGRESSIONS ? "regressed" + t : t < REGRESSIONS + 20 ? "fresh" + t : "test" + t;
            ids[t] = new TestId("com.acme.e2e.m" + (t % 50) + ".Suite" + (t / 50) + "Test", name);
            failRate[t] = t % 50 == 7 ? 0.01 + rnd.nextDouble() * 0.19 : 0;
        }
        int historyRuns = days * RUNS_PER_DAY;
        try (IngestSession s = new IngestSession(db)) {
            int seq = 0;
            for (int r = 0; r < historyRuns; r++) {
                Instant at = start.minus(Duration.ofMinutes((long) (r + 1) * 24 * 60 / RUNS_PER_DAY));
                write(
                        s,
                        new Run(
                                "bench",
                                "h" + (++seq),
                                "e2e",
                                "aws",
                                "rev" + r,
                                null,
                                null,
                                null,
                                1,
                                r % RUNS_PER_DAY == 0 ? "4.18.0-0.nightly-" + r : null,
                                at,
                                null,
                                null,
                                null,
                                null,
                                null),
                        ids,
                        failRate,
                        rnd,
                        false);
            }
            for (int r = 0; r < runs; r++) {
                write(
                        s,
                        new Run(
                                "bench",
                                "p" + (++seq),
                                "e2e",
                                "aws",
                                "payload",
                                null,
                                null,
                                null,
                                1,
                                PAYLOAD,
                                start.plusSeconds(r * 30L),
                                null,
                                null,
                                null,
                                null,
                                null),
                        ids,
                        failRate,
                        rnd,
                        true);
            }
            s.commit();
            return s.committedResults();
        }
    }

    private static void write(
            IngestSession s, Run run, TestId[] ids, double[] failRate, SplittableRandom rnd, boolean payload) {
        IngestSession.ReportWriter w = s.begin(run, run.externalId(), "junit", "d-" + run.externalId());
        for (int t = 0; t < ids.length; t++) {
            boolean fresh = t >= REGRESSIONS && t < REGRESSIONS + 20;
            if (fresh && !payload) {
                continue;
            }
            double rate = payload && t < REGRESSIONS ? 0.7 : failRate[t];
            List<Attempt> a = new ArrayList<>(2);
            if (rate > 0 && rnd.nextDouble() < rate) {
                a.add(new Attempt(Outcome.FAIL, 12, new Failure("AssertionError", "failed", null)));
            } else {
                a.add(new Attempt(Outcome.PASS, 10, null));
            }
            w.accept(new TestCase(ids[t], null, a), null);
        }
        w.done();
    }
}
