package io.flakelens.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation's rules on detection's own pipeline; whether Spark agrees is EngineParityTest's. */
class SparkDialectTest {
    private static final List<SparkDialect.Step> STEPS =
            SparkDialect.translate(new FlakeDetection(DetectionConfig.defaults()).pipeline());

    @Test
    void everyTemporaryTableIsMaterialisedAndEveryDetectionTableIsOneViewOfItsInserts() {
        long temps = new FlakeDetection(DetectionConfig.defaults())
                .pipeline().stream()
                        .filter(s -> s.strip().startsWith("create temporary table"))
                        .count();
        assertThat(STEPS.stream().filter(s -> s instanceof SparkDialect.Materialise))
                .hasSize((int) temps + SparkDialect.TARGETS.size());
        assertThat(STEPS.stream().filter(s -> s instanceof SparkDialect.Define).map(SparkDialect.Step::view))
                .containsExactly(
                        "candidate_test_parts",
                        "run_test_verdict_parts",
                        "run_code_parts",
                        "test_code_parts",
                        "run_size_parts",
                        "run_suite_failure_parts",
                        "flake_occurrence_parts",
                        "infra_run_parts",
                        "setup_flake_parts",
                        "consistent_failure_parts");
        // a table detection keeps is built before the first step that reads it
        for (String kept : List.of(
                "candidate_test", "run_test_verdict", "run_size", "run_suite_failure", "run_code", "test_code")) {
            int built = -1;
            int firstRead = -1;
            for (int i = 0; i < STEPS.size(); i++) {
                SparkDialect.Step s = STEPS.get(i);
                if (s instanceof SparkDialect.Materialise && s.view().equals(kept)) {
                    built = i;
                } else if (firstRead < 0
                        && !s.view().startsWith(kept)
                        && s.select().matches("(?s).*\\b" + kept + "\\b.*")) {
                    firstRead = i;
                }
            }
            assertThat(built).as(kept).isNotNegative().isLessThan(firstRead);
        }
        // the occurrences view is the union of detection's two inserts: evidence, then retries
        SparkDialect.Step parts = STEPS.stream()
                .filter(s -> s.view().equals("flake_occurrence_parts"))
                .findFirst()
                .orElseThrow();
        assertThat(parts.select()).contains("union all").contains("'retry'");
        assertThat(STEPS).noneMatch(s -> s.select().toLowerCase().contains("varchar"));
    }

    @Test
    void aStatementWithNoRuleIsRefusedNotPassedThrough() {
        assertThatThrownBy(() -> SparkDialect.translate(List.of("update flake_occurrence set kind = 'x'")))
                .hasMessageContaining("no Spark translation");
        assertThatThrownBy(() -> SparkDialect.translate(List.of("insert into flake_occurrence select 1")))
                .hasMessageContaining("without a delete before it");
    }
}
