package io.flakelens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The form fields {@code flakelens upload} sends: flags first, the CI's environment in their gaps. */
class UploadFieldsTest {
    private static final Map<String, String> BUILDKITE = Map.of(
            "BUILDKITE_BUILD_ID",
            "b-1",
            "BUILDKITE_JOB_ID",
            "j-9",
            "BUILDKITE_PIPELINE_SLUG",
            "widgets",
            "BUILDKITE_LABEL",
            "unit",
            "BUILDKITE_AGENT_NAME",
            "agent-3",
            "BUILDKITE_COMMIT",
            "abc123",
            "BUILDKITE_PULL_REQUEST",
            "42",
            "BUILDKITE_RETRY_COUNT",
            "1",
            "BUILDKITE_BUILD_URL",
            "https://buildkite.example/widgets/builds/1");

    @Test
    void theEnvironmentFillsWhatNoFlagSays() {
        Map<String, String> f = UploadFields.of(RunFlags.none(), BUILDKITE);
        assertThat(f)
                .containsEntry("run", "j-9")
                .containsEntry("source", "buildkite")
                .containsEntry("job", "widgets/unit")
                .containsEntry("builder", "agent-3")
                .containsEntry("revision", "abc123")
                .containsEntry("change", "42")
                .containsEntry("patchset", "abc123")
                .containsEntry("attempt", "2")
                .containsEntry("url", "https://buildkite.example/widgets/builds/1");
    }

    @Test
    void flagsWinAndAnOwnRunIdIsNotTheCisSource() {
        RunFlags flags = new RunFlags(
                "local-7",
                null,
                "e2e",
                null,
                null,
                null,
                null,
                null,
                3,
                null,
                Instant.parse("2026-12-01T10:00:00Z"),
                null,
                null,
                false);
        Map<String, String> f = UploadFields.of(flags, BUILDKITE);
        assertThat(f)
                .containsEntry("run", "local-7")
                .doesNotContainKey("source")
                .containsEntry("job", "e2e")
                .containsEntry("builder", "agent-3")
                .containsEntry("attempt", "3")
                .containsEntry("started", "2026-12-01T10:00:00Z")
                .containsEntry("merged", "false");
    }

    @Test
    void aRerunSaysSo() {
        RunFlags flags = new RunFlags(
                "probe-1", null, "unit", "linux", "abc123", null, null, null, null, null, null, null, null, null, null,
                true);
        assertThat(UploadFields.of(flags, Map.of()))
                .containsEntry("rerun", "true")
                .containsEntry("revision", "abc123");
        assertThat(UploadFields.of(RunFlags.none(), Map.of())).doesNotContainKey("rerun");
    }

    @Test
    void noCiAndNoFlagsSendNothing() {
        assertThat(UploadFields.of(RunFlags.none(), Map.of("HOME", "/root"))).isEmpty();
    }
}
