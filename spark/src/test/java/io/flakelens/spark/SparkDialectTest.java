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
                        "flake_occurrence_parts", "infra_run_parts", "setup_flake_parts", "consistent_failure_parts");
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
