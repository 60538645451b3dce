package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;
import java.util.List;

/**
 * What one Python file tells the scan: the mutes it settles alone (markers on tests, classes and
 * through {@code pytestmark}), and its tests and fixtures, which only the whole tree can connect
 * (a fixture in a {@code conftest.py} reaches every test below its folder that asks for it).
 *
 * @param dir    the file's folder relative to the repository root ("" at the top)
 * @param direct mutes settled within the file
 */
record PythonModule(
        String path, String dir, boolean conftest, List<MutedTest> direct, List<Fixture> fixtures, List<Test> tests) {

    /**
     * A fixture and the markers on it.
     *
     * @param owner    the class it is defined in ({@code A.B}), or null at module level
     * @param requests the fixtures it asks for in turn
     */
    record Fixture(String name, String owner, int line, List<Mute> mutes, List<String> requests, boolean autouse) {}

    /** A marker found at a line. */
    record Mute(Marker.Mute mute, int line) {}

    /**
     * A test and the fixtures it asks for by parameter or {@code usefixtures}.
     *
     * @param classes its enclosing classes, outermost first
     */
    record Test(TestId id, List<String> classes, List<String> requests) {}
}
