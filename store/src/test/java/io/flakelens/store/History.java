package io.flakelens.store;

import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CI history with every field in the test's hands (job, time, change, file, url), for tests of
 * owners, reports and bug filing, where the time of each run is the point:
 * {@code h.post("e2e", "linux", "r1", t).test("S", "a", "FP", "pkg/a_test.go")}.
 */
public final class History {
    private final Database db;
    private final List<RunBuilder> runs = new ArrayList<>();
    /** Run ids are unique across every History of the JVM, so a test can add history in several steps. */
    private static final java.util.concurrent.atomic.AtomicInteger SEQ =
            new java.util.concurrent.atomic.AtomicInteger();

    public History(Database db) {
        this.db = db;
    }

    public final class RunBuilder {
        final Run run;
        final List<TestCase> cases = new ArrayList<>();

        RunBuilder(Run run) {
            this.run = run;
        }

        public RunBuilder test(String suite, String name, String attempts) {
            return test(suite, name, attempts, null);
        }

        /** Each letter of {@code attempts} is one attempt: P pass, F fail, E error, S skip. */
        public RunBuilder test(String suite, String name, String attempts, String file) {
            cases.add(Scenario.testCase(suite, name, attempts, file));
            return this;
        }

        public RunBuilder passing(int n) {
            for (int i = 0; i < n; i++) {
                test("com.acme.Filler", "t" + i, "P");
            }
            return this;
        }
    }

    /** A post-submit run of {@code revision}. */
    public RunBuilder post(String job, String builder, String revision, Instant at) {
        String id = "run-" + SEQ.incrementAndGet();
        RunBuilder b = new RunBuilder(new Run(
                "test",
                id,
                job,
                builder,
                revision,
                null,
                null,
                null,
                1,
                null,
                at,
                null,
                null,
                "https://ci.example/" + id,
                null,
                null));
        runs.add(b);
        return b;
    }

    /** A presubmit run of one patchset of a change; equal {@code code} means the same code was tested. */
    public RunBuilder pre(
            String job, String builder, String change, String patchset, String code, int attempt, Instant at) {
        String id = "run-" + SEQ.incrementAndGet();
        RunBuilder b = new RunBuilder(new Run(
                "test",
                id,
                job,
                builder,
                code,
                change,
                patchset,
                code,
                attempt,
                null,
                at,
                null,
                null,
                "https://ci.example/" + id,
                null,
                null));
        runs.add(b);
        return b;
    }

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
}
