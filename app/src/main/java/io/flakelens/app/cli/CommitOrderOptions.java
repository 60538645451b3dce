package io.flakelens.app.cli;

import io.flakelens.app.changepoint.RepositoryOrder;
import io.flakelens.store.changepoint.CommitOrder;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where commit order comes from: a local repository's first parents, else when revisions first ran. */
final class CommitOrderOptions {
    @Option(
            names = "--repo",
            paramLabel = "PATH",
            description = "A local checkout whose branch's first parents give the commits' order"
                    + " (default: the order in which revisions first ran)")
    Path repo;

    @Option(names = "--branch", paramLabel = "NAME", description = "With --repo: the branch to read (default: HEAD)")
    String branch;

    /** The order, or null for the order of first runs; an unreadable repository is a usage error. */
    CommitOrder order() {
        if (repo == null) {
            if (branch != null) {
                throw new UserException("--branch goes with --repo");
            }
            return null;
        }
        try {
            return RepositoryOrder.read(repo, branch);
        } catch (IOException e) {
            throw new UserException("--repo: " + e.getMessage());
        }
    }
}
