package io.flakelens.store.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.aggregate.PayloadTest;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.IngestSession;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Distinct-run counts per test for a payload and its history window, on both stores. */
class PayloadQueryTest {
    static final Instant PAYLOAD_START = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private int seq;

    /** One run; tests as name=attempt letters, e.g. "a=FP". */
    private void run(IngestSession s, String job, String payload, Instant at, String... tests) {
        Run run = new Run(
                "t",
                "run-" + (++seq),
                job,
                "linux",
                "r" + seq,
                null,
                null,
                null,
                1,
                payload,
                at,
                null,
                null,
                null,
                null,
                null);
        IngestSession.ReportWriter w = s.begin(run, run.externalId() + ".xml", "junit", "d" + seq);
        for (String t : tests) {
            String[] kv = t.split("=");
            List<Attempt> as = new ArrayList<>();
            for (char c : kv[1].toCharArray()) {
                Outcome o = Outcome.ofCode(c);
                as.add(new Attempt(o, 5, o.failed() ? new Failure("AssertionError", "boom", null) : null));
            }
            w.accept(new TestCase(new TestId("com.acme.S", kv[0]), null, as), null);
        }
        w.done();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void countsPayloadRunsAndHistoryPerTest(String store) {
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                // the payload: 3 runs; a flakes in one (FP counts as a pass), b fails once, c is skipped once
                run(s, "e2e", "4.18.0-p1", PAYLOAD_START, "a=P", "b=P", "c=S");
                run(s, "e2e", "4.18.0-p1", PAYLOAD_START.plusSeconds(60), "a=FP", "b=F", "c=P");
                run(s, "e2e", "4.18.0-p1", PAYLOAD_START.plusSeconds(120), "a=P", "b=E", "c=P");
                // history in the 10-day window: 2 runs of a (1 pass), b passes twice, an old payload's run counts
                run(s, "e2e", null, PAYLOAD_START.minus(Duration.ofDays(1)), "a=F", "b=P");
                run(s, "e2e", "4.18.0-p0", PAYLOAD_START.minus(Duration.ofDays(2)), "a=FP", "b=P", "d=P");
                // outside: too old, another job, after the payload started
                run(s, "e2e", null, PAYLOAD_START.minus(Duration.ofDays(11)), "a=F", "b=F");
                run(s, "unit", null, PAYLOAD_START.minus(Duration.ofDays(1)), "a=F", "b=F");
                run(s, "e2e", null, PAYLOAD_START.plusSeconds(30), "a=F", "b=F");
                // the same payload on another job is another judgement
                run(s, "unit", "4.18.0-p1", PAYLOAD_START, "a=F");
                s.commit();
            }
            PayloadQuery q = new PayloadQuery(db);
            PayloadRuns runs = q.runs("4.18.0-p1", "e2e").orElseThrow();
            assertThat(runs.runs()).isEqualTo(3);
            assertThat(runs.first()).isEqualTo(PAYLOAD_START);
            assertThat(q.runs("4.18.0-p1", "nightly")).isEmpty();
            assertThat(q.payloads("e2e", 10)).containsExactly("4.18.0-p1 (job e2e)", "4.18.0-p0 (job e2e)");

            List<PayloadTest> tests =
                    q.tests("4.18.0-p1", "e2e", PAYLOAD_START.minus(Duration.ofDays(10)), PAYLOAD_START);
            Map<String, PayloadTest> byName = new java.util.HashMap<>();
            tests.forEach(t -> byName.put(t.id().name(), t));
            assertThat(byName).containsOnlyKeys("a", "b", "c");
            assertThat(byName.get("a")).isEqualTo(new PayloadTest(new TestId("com.acme.S", "a"), 3, 3, 0, 2, 1));
            assertThat(byName.get("b")).isEqualTo(new PayloadTest(new TestId("com.acme.S", "b"), 3, 1, 0, 2, 2));
            assertThat(byName.get("c")).isEqualTo(new PayloadTest(new TestId("com.acme.S", "c"), 2, 2, 1, 0, 0));
        }
    }
}
