package io.flakelens.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Filter choices, group members and runs per job and day, on both stores. */
class DashboardQueryTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void answersTheDashboardsQuestions(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("unit", "r1", "linux")
                    .test("a[1]", "P")
                    .test("a[2]", "P")
                    .test("b", "P")
                    .passing(5);
            s.post("unit", "r1", "linux")
                    .test("a[1]", "F")
                    .test("a[2]", "P")
                    .test("b", "P")
                    .passing(5);
            s.post("unit", "r2", "mac")
                    .test("a[1]", "FP")
                    .test("a[2]", "P")
                    .test("b", "P")
                    .passing(5);
            s.post("e2e", "r1", "linux").test("b", "F").passing(5);
            s.store();
            new FlakeDetection(DetectionConfig.defaults()).run(db);
            DashboardQuery q = new DashboardQuery(db);

            assertThat(q.jobs()).containsExactly("e2e", "unit");
            assertThat(q.builders()).containsExactly("linux", "mac");

            TestId a1 = new TestId("com.acme.Suite", "a[1]");
            String group =
                    new TestHistoryQuery(db).find(a1.id(), 1).orElseThrow().group();
            assertThat(q.groupMembers(group, a1)).containsExactly("com.acme.Suite::a[2]");
            assertThat(q.groupMembers(null, a1)).isEmpty();

            List<DashboardQuery.JobDay> days = q.jobDays(Instant.EPOCH, null, null);
            assertThat(days).extracting(DashboardQuery.JobDay::job).containsExactly("e2e", "unit");
            DashboardQuery.JobDay unit = days.get(1);
            assertThat(unit.runs()).isEqualTo(3);
            assertThat(unit.failed()).isEqualTo(1);
            assertThat(unit.flaky()).isEqualTo(2);
            assertThat(unit.passed()).isEqualTo(1);
            assertThat(q.jobDays(Instant.EPOCH, "unit", "mac"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.runs()).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunsMessageIsItsFailureNotASkipReasonOfTheSameRun(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // failed on the first attempt, skipped on the second ("Disabled ..." sorts before "boom ...")
            s.post("unit", "r1", "linux").test("c", "FS").passing(2);
            s.post("unit", "r2", "linux").test("c", "S").passing(2);
            s.store();
            TestHistory h = new TestHistoryQuery(db)
                    .find(new TestId("com.acme.Suite", "c").id(), 10)
                    .orElseThrow();
            assertThat(h.runs())
                    .extracting(TestHistory.RunOutcome::message)
                    .containsExactlyInAnyOrder("boom in c", "Disabled until c is fixed");
        }
    }
}
