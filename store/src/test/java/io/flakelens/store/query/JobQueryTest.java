package io.flakelens.store.query;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Jobs with their run, failed-run and flaky-run counts, on both stores. */
class JobQueryTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void countsRunsFailedRunsAndFlakyRunsPerJob(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("unit", "r1", "linux").test("a", "P").passing(5);
            s.post("unit", "r1", "linux").test("a", "F").passing(5);
            s.post("unit", "r2", "mac").test("a", "FP").passing(5);
            s.post("e2e", "r1", "linux").test("b", "F").passing(5);
            s.store();
            new FlakeDetection(DetectionConfig.defaults()).run(db);
            List<JobSummary> jobs = new JobQuery(db).jobs(Instant.EPOCH, null, 0);
            assertThat(jobs).extracting(JobSummary::job).containsExactlyInAnyOrder("unit", "e2e");
            JobSummary unit = jobs.stream()
                    .filter(j -> j.job().equals("unit"))
                    .findFirst()
                    .orElseThrow();
            assertThat(unit.runs()).isEqualTo(3);
            assertThat(unit.builders()).isEqualTo(2);
            assertThat(unit.failedRuns()).isEqualTo(1);
            // the r1 failure has a pass on the same code (same-code), the mac run retried (retry)
            assertThat(unit.flakyRuns()).isEqualTo(2);
            JobSummary e2e =
                    jobs.stream().filter(j -> j.job().equals("e2e")).findFirst().orElseThrow();
            assertThat(e2e.failedRuns()).isEqualTo(1);
            assertThat(e2e.flakyRuns()).isZero();
            assertThat(new JobQuery(db).jobs(Instant.EPOCH, "mac", 0))
                    .singleElement()
                    .satisfies(j -> assertThat(j.runs()).isEqualTo(1));
        }
    }

    /** 0 means all, as the API's own message and {@code flakes} say: not one run. */
    @ParameterizedTest
    @MethodSource("stores")
    void aRunLimitOfZeroListsEveryRun(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int i = 0; i < 5; i++) {
                s.post("unit", "r" + i, "linux").test("a", "P");
            }
            s.store();
            RunQuery q = new RunQuery(db);
            assertThat(q.runs(Instant.EPOCH, null, null, 0)).hasSize(5);
            assertThat(q.runs(Instant.EPOCH, null, null, 2)).hasSize(2);
        }
    }
}
