package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who holds a DuckDB file, from a command line as /proc shows it. */
class HolderTest {
    @Test
    void theFlakelensCommandIsReadFromTheCommandLine() {
        assertThat(Holder.command(List.of("java", "-jar", "/opt/flakelens.jar", "serve", "--port", "8080")))
                .isEqualTo("serve");
        assertThat(Holder.command(List.of(
                        "java", "-Xmx1g", "-cp", "x.jar", "io.flakelens.app.Main", "--db", "f.db", "ingest", "r/")))
                .isEqualTo("ingest");
        assertThat(Holder.command(List.of("java", "-jar", "app/target/flakelens.jar", "ingest", "--job", "unit")))
                .isEqualTo("ingest");
        assertThat(Holder.command(List.of("java", "-cp", "x", "some.Other", "serve")))
                .isNull();
        assertThat(Holder.command(null)).isNull();
    }

    @Test
    void theAdviceFitsTheHolder() {
        // this test's own process is no flakelens command: the advice covers both cases
        String self = " (PID " + ProcessHandle.current().pid() + ")";
        assertThat(Holder.describe("Conflicting lock is held in /usr/bin/java" + self))
                .contains("pid " + ProcessHandle.current().pid())
                .contains("POST /api/v1/runs")
                .contains("jdbc:postgresql")
                .contains("perhaps")
                .doesNotContain("holds it");
        assertThat(Holder.describe("Could not set lock on file")).contains("perhaps a running 'flakelens serve'");
    }
}
