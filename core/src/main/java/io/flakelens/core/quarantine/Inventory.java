package io.flakelens.core.quarantine;

import java.time.Instant;

/**
 * A scan of one repository snapshot: where it came from and what it found.
 *
 * @param repo        the repository as given (a URL without credentials, or a path), or its origin
 * @param branch      null when unknown (a detached checkout)
 * @param commit      the commit scanned, or null for a folder that is not a git checkout
 * @param committedAt the commit's time; history is ordered by it
 */
public record Inventory(
        String repo, String branch, String commit, Instant committedAt, Instant scannedAt, ScanResult result) {}
