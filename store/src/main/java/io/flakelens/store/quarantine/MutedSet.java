package io.flakelens.store.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.MutedTest;
import java.util.HashSet;
import java.util.Set;

/**
 * Which stored tests a list of muted entries covers: the test itself, its parameterised variants
 * (an entry names {@code test_y}, reports say {@code test_y[1]}: same group), the subtests of a
 * muted Go test ({@code TestX/case}), and every test of a suite muted as a whole.
 */
final class MutedSet {
    private final Set<String> ids = new HashSet<>();
    private final Set<String> suites = new HashSet<>();

    MutedSet(Iterable<MutedTest> entries) {
        for (MutedTest e : entries) {
            if (e.wholeSuite()) {
                suites.add(e.test().suite());
            } else {
                ids.add(e.test().id());
            }
        }
    }

    boolean covers(TestId test, String group) {
        if (ids.contains(test.id()) || (group != null && ids.contains(group)) || suites.contains(test.suite())) {
            return true;
        }
        String name = test.name();
        for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
            if (ids.contains(new TestId(test.suite(), name.substring(0, slash)).id())) {
                return true;
            }
        }
        return false;
    }
}
