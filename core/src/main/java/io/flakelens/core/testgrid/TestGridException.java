package io.flakelens.core.testgrid;

/**
 * A grid, or a summary, that cannot be read. The message names the tab (and the test and field
 * where there is one): TestGrid's JSON is one document per tab, so the tab is the place to look.
 */
public final class TestGridException extends Exception {
    public TestGridException(String tab, String reason) {
        super(tab + ": " + reason);
    }

    public TestGridException(String tab, String reason, Throwable cause) {
        super(tab + ": " + reason, cause);
    }
}
