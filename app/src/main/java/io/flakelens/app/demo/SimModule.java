package io.flakelens.app.demo;

/**
 * One report file of a run: the tests of one package (Surefire) or of the native binary (gtest).
 *
 * @param name  the suite name the truth speaks of (a Java package, or {@code native})
 * @param file  the report's file name inside the run's folder
 * @param from  first test index, inclusive
 * @param to    last test index, exclusive
 * @param gtest written in googletest's dialect of JUnit XML, without in-run reruns
 */
record SimModule(int index, int job, String name, String file, boolean gtest, int from, int to) {
    int size() {
        return to - from;
    }
}
