package io.flakelens.core.testgrid;

/**
 * TestGrid's cell results ({@code test_status.TestStatus}) and what each says about one test in
 * one column. The codes are TestGrid's and never change; any other code is refused, since a
 * guess would store a verdict TestGrid never gave.
 */
enum CellStatus {
    NO_RESULT(0, Verdict.NONE),
    PASS(1, Verdict.PASS),
    PASS_WITH_ERRORS(2, Verdict.PASS),
    PASS_WITH_SKIPS(3, Verdict.PASS),
    RUNNING(4, Verdict.RUNNING),
    CATEGORIZED_ABORT(5, Verdict.NOT_RUN),
    UNKNOWN(6, Verdict.NOT_RUN),
    CANCEL(7, Verdict.NOT_RUN),
    BLOCKED(8, Verdict.NOT_RUN),
    TIMED_OUT(9, Verdict.FAIL),
    CATEGORIZED_FAIL(10, Verdict.FAIL),
    BUILD_FAIL(11, Verdict.FAIL),
    FAIL(12, Verdict.FAIL),
    FLAKY(13, Verdict.FLAKY),
    TOOL_FAIL(14, Verdict.FAIL),
    BUILD_PASSED(15, Verdict.PASS);

    /** What a cell tells about its test. */
    enum Verdict {
        /** Nothing: the test did not run in that column; the cell has no message either. */
        NONE,
        PASS,
        FAIL,
        /** Failed, then passed, within the one build: two attempts. */
        FLAKY,
        /** The build is still going: the column is not stored yet. */
        RUNNING,
        /** The build stopped before the test could give a verdict (aborted, cancelled, blocked). */
        NOT_RUN
    }

    private static final CellStatus[] BY_CODE = new CellStatus[16];

    static {
        for (CellStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    final int code;
    final Verdict verdict;

    CellStatus(int code, Verdict verdict) {
        this.code = code;
        this.verdict = verdict;
    }

    /** Null for a code TestGrid does not define. */
    static CellStatus of(long code) {
        return code < 0 || code >= BY_CODE.length ? null : BY_CODE[(int) code];
    }

    /** Whether the cell carries one of the row's messages (only cells with no result have none). */
    boolean hasResult() {
        return this != NO_RESULT;
    }
}
