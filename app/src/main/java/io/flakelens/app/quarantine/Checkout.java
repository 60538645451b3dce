package io.flakelens.app.quarantine;

import io.flakelens.core.quarantine.SourceTree;
import java.time.Instant;

/**
 * A repository snapshot ready to scan.
 *
 * @param repo   how the scan names the repository: a URL without credentials, or a checkout's origin, or its path
 * @param commit null for a folder outside git
 */
public record Checkout(SourceTree tree, String repo, String branch, String commit, Instant committedAt)
        implements AutoCloseable {
    @Override
    public void close() {
        if (tree instanceof GitTree g) {
            g.close();
        }
    }
}
