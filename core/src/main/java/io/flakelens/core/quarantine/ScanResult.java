package io.flakelens.core.quarantine;

import java.util.List;

/**
 * What a scan found.
 *
 * @param entries sorted by file, line and test
 * @param files   the test files read (every language)
 */
public record ScanResult(List<MutedTest> entries, List<ScanWarning> warnings, int files) {
    public ScanResult {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }
}
