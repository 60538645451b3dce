package io.flakelens.core.ingest;

import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;

/** Where a parser hands each test case as soon as it has read it, so no report is held whole. */
@FunctionalInterface
public interface CaseSink {
    /**
     * @param run the run this case belongs to when the format itself says (Cockpit records do);
     *            null when the caller's run applies
     */
    void accept(TestCase testCase, Run run) throws ReportException;
}
