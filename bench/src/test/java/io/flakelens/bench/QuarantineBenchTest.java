package io.flakelens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan benchmark, small: it builds its repository, finds every marker it wrote, and prints the figure. */
class QuarantineBenchTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRepositoryIsBuiltScannedAndEveryMarkerFound() throws Exception {
        StringWriter out = new StringWriter();
        double seconds = new Benchmarks(new PrintWriter(out, true), dir).quarantine(400);
        assertThat(seconds).isPositive();
        assertThat(out.toString())
                .contains("quarantine scan of a 400-file git repository")
                .contains("360 test files, 20 muted entries of 20 written");
    }
}
