package io.flakelens.store;

/**
 * What one report file held, one count per distinct test (a test repeated in the file is one
 * test with several attempts): its final outcome decides passed, failures, errors or skipped;
 * flaky counts tests that failed and then passed.
 */
public record FileCounts(int testcases, int passed, int failures, int errors, int skipped, int flaky) {
    public static final FileCounts NONE = new FileCounts(0, 0, 0, 0, 0, 0);
}
