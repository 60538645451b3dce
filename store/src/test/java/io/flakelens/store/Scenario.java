package io.flakelens.store;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds CI histories for store tests in a few readable lines: {@code post("r1", "linux").test("a", "P")}
 * and {@code pre("c1", "1", "r9", "linux").test("a", "FP")}; each letter is one attempt.
 */
public final class Scenario {
    private final Database db;
    private final List<RunBuilder> runs = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-20T00:00:00Z");
    private int seq;

    public Scenario(Database db) {
        this.db = db;
    }

    public final class RunBuilder {
        final Run run;
        final List<TestCase> cases = new ArrayList<>();

        RunBuilder(Run run) {
            this.run = run;
        }

        public RunBuilder test(String name, String attempts) {
            return test("com.acme.Suite", name, attempts);
        }

        public RunBuilder test(String suite, String name, String attempts) {
            cases.add(testCase(suite, name, attempts, null));
            return this;
        }

        /** Adds {@code n} passing filler tests so the run has a realistic size. */
        public RunBuilder passing(int n) {
            for (int i = 0; i < n; i++) {
                test("com.acme.Filler", "t" + i, "P");
            }
            return this;
        }
    }

    private Instant tick() {
        clock = clock.plusSeconds(600);
        return clock;
    }

    public RunBuilder post(String revision, String builder) {
        return post("unit", revision, builder);
    }

    public RunBuilder post(String job, String revision, String builder) {
        return mainline(job, revision, builder, false);
    }

    /** A rerun of old code at {@code revision}, as a rerun plan asks for. */
    public RunBuilder rerun(String revision, String builder) {
        return mainline("unit", revision, builder, true);
    }

    private RunBuilder mainline(String job, String revision, String builder, boolean rerun) {
        RunBuilder b = new RunBuilder(new Run(
                "test",
                "run-" + (++seq),
                job,
                builder,
                revision,
                null,
                null,
                null,
                1,
                null,
                tick(),
                null,
                null,
                null,
                null,
                null,
                rerun));
        runs.add(b);
        return b;
    }

    public RunBuilder pre(
            String change, String patchset, String equivalence, String builder, int attempt, Boolean merged) {
        RunBuilder b = new RunBuilder(new Run(
                "test",
                "run-" + (++seq),
                "unit",
                builder,
                equivalence,
                change,
                patchset,
                equivalence,
                attempt,
                null,
                tick(),
                null,
                null,
                null,
                merged,
                null));
        runs.add(b);
        return b;
    }

    public RunBuilder pre(String change, String patchset, String equivalence, String builder) {
        return pre(change, patchset, equivalence, builder, 1, null);
    }

    /** Writes every run, one report file each, in one session. */
    public void store() {
        try (IngestSession s = new IngestSession(db)) {
            for (RunBuilder b : runs) {
                IngestSession.ReportWriter w =
                        s.begin(b.run, b.run.externalId() + ".xml", "junit", "digest-" + b.run.externalId());
                for (TestCase tc : b.cases) {
                    w.accept(tc, null);
                }
                w.done();
            }
            s.commit();
        }
        runs.clear();
    }

    /** A test case whose attempts are spelled one letter each: P pass, F fail, E error, S skip. */
    public static TestCase testCase(String suite, String name, String attempts, String file) {
        List<Attempt> list = new ArrayList<>();
        for (char c : attempts.toCharArray()) {
            Outcome o = Outcome.ofCode(c);
            list.add(new Attempt(
                    o,
                    10,
                    o == Outcome.PASS
                            ? null
                            : o == Outcome.SKIP
                                    ? new Failure(null, "Disabled until " + name + " is fixed", null)
                                    : new Failure("AssertionError", "boom in " + name, "at " + suite + "." + name)));
        }
        return new TestCase(new TestId(suite, name), file, list);
    }
}
