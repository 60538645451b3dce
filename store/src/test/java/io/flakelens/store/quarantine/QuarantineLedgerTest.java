package io.flakelens.store.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.Inventory;
import io.flakelens.core.quarantine.Language;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.ScanResult;
import io.flakelens.core.quarantine.Scope;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stored scans, their history, and the suggestions they make with detection, on both stores. */
class QuarantineLedgerTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static MutedTest muted(String suite, String name) {
        return new MutedTest(
                "src/" + suite + ".java",
                10,
                Language.JAVA,
                new TestId(suite, name),
                "Disabled",
                "ACME-1",
                "flaky",
                null,
                Scope.TEST);
    }

    static Inventory scan(String commit, String day, MutedTest... entries) {
        return new Inventory(
                "https://git.example/acme/app",
                "main",
                commit,
                Instant.parse(day + "T12:00:00Z"),
                Instant.parse("2026-11-27T00:00:00Z"),
                new ScanResult(Arrays.asList(entries), List.of(), 40));
    }

    private static long rows(Database db, String table) throws Exception {
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void rescanningACommitChangesNothingAndHistoryFollowsCommitTime(String store) throws Exception {
        try (Database db = TestStores.open(store, dir)) {
            QuarantineLedger ledger = new QuarantineLedger(db);
            assertThat(ledger.record(scan("c1", "2026-11-01", muted("a.A", "x"), muted("a.A", "y"))))
                    .isTrue();
            assertThat(ledger.record(scan("c1", "2026-11-01", muted("a.A", "x"), muted("a.A", "y"), muted("a.A", "z"))))
                    .as("same repo, branch and commit")
                    .isFalse();
            assertThat(rows(db, "quarantine_entry")).isEqualTo(2);
            assertThat(ledger.record(scan("c3", "2026-11-03", muted("a.A", "z"))))
                    .isTrue();
            // an older commit scanned late lands between the two
            assertThat(ledger.record(scan("c2", "2026-11-02", muted("a.A", "y"), muted("a.A", "z"))))
                    .isTrue();

            assertThat(ledger.latest(null)).singleElement().satisfies(s -> {
                assertThat(s.commit()).isEqualTo("c3");
                assertThat(s.entries()).map(e -> e.test().id()).containsExactly("a.A::z");
            });
            assertThat(ledger.history(null))
                    .map(m -> m.test().id() + " " + m.mutedCommit() + "->" + m.unmutedCommit())
                    .containsExactly("a.A::x c1->c2", "a.A::y c1->c3", "a.A::z c2->null");
            assertThat(ledger.history(null).get(0).unmutedAt()).isEqualTo(Instant.parse("2026-11-02T12:00:00Z"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void suggestionsSetTheMutedListAgainstDetectionAndResults(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int i = 0; i < 30; i++) {
                Scenario.RunBuilder run = s.post("r" + i, "linux")
                        .test("com.acme.A", "clean", "P")
                        .test("com.acme.A", "param[1]", "P")
                        .test("com.acme.A", "skipped", "S")
                        .test("com.acme.A", "fewRuns", i < 5 ? "P" : "S")
                        .passing(5);
                run.test("com.acme.A", "flaky", i % 5 == 0 ? "FP" : "P");
                run.test("com.acme.A", "stillFlaky", i % 7 == 0 ? "FP" : "P");
                run.test("com.acme.Whole", "anything", "P");
            }
            s.store();
            new FlakeDetection(DetectionConfig.defaults()).run(db);
            new QuarantineLedger(db)
                    .record(scan(
                            "c1",
                            "2026-11-01",
                            muted("com.acme.A", "clean"),
                            muted("com.acme.A", "param"),
                            muted("com.acme.A", "skipped"),
                            muted("com.acme.A", "fewRuns"),
                            muted("com.acme.A", "stillFlaky"),
                            muted("com.acme.A", "gone"),
                            muted("com.acme.Whole", "*")));

            Suggestions got = new QuarantineAdvisor(db).suggest(Instant.parse("2026-01-01T00:00:00Z"), 30, null);
            assertThat(got.mute()).singleElement().satisfies(m -> {
                assertThat(m.test().id()).isEqualTo("com.acme.A::flaky");
                assertThat(m.runs()).isEqualTo(30);
                assertThat(m.evidence()).contains("flaky in 6 of 30 runs", "retry x6");
            });
            assertThat(got.unmute())
                    .map(u -> u.test().id() + " " + u.why().label() + " " + u.runs() + "/" + u.executed())
                    .containsExactly(
                            "com.acme.A::clean clean 30/30",
                            "com.acme.A::param clean 30/30",
                            "com.acme.Whole::* clean 30/30",
                            "com.acme.A::gone not-reported 30/0",
                            "com.acme.A::skipped only-skipped 30/0");
            assertThat(got.unmute().get(0).evidence()).contains("passed in all 30 runs");
            assertThat(got.unmute().get(0).repo()).isEqualTo("https://git.example/acme/app");
            assertThat(got.unmute().get(3).evidence())
                    .isEqualTo("30 runs since 2026-01-01T00:00:00Z reported other tests of com.acme.A,"
                            + " none reported this one: deleted or renamed");
            // a muted test of a suite no run ever reported proves nothing: its job may not be ingested
            new QuarantineLedger(db).record(scan("c2", "2026-11-02", muted("com.other.B", "never")));
            assertThat(new QuarantineAdvisor(db)
                            .suggest(Instant.EPOCH, 30, null)
                            .unmute())
                    .isEmpty();
        }
    }
}
