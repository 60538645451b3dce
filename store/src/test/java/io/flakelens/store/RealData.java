package io.flakelens.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The labelled real data (public test reports and failure texts) that some tests score on. It lives
 * outside the repository, at {@code -Dflakelens.shared}; a developer without it skips those tests,
 * but a CI run always has it, so there a missing folder fails loudly instead of passing silently.
 */
public final class RealData {
    private RealData() {}

    /** The file or folder {@code relative} under the real-data folder, or the test is skipped (failed under CI). */
    public static Path require(String relative) {
        String root = System.getProperty("flakelens.shared");
        Path path = root == null ? null : Path.of(root).resolve(relative);
        boolean present = path != null && Files.exists(path);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the real test data " + relative + " is missing under " + root
                    + " (set -Dflakelens.shared=DIR)");
        }
        assumeTrue(present, "the real test data " + relative + " is not on this machine");
        return path;
    }
}
