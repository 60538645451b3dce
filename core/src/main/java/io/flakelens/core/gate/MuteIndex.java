package io.flakelens.core.gate;

import io.flakelens.core.detect.TestGroups;
import io.flakelens.core.model.TestId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the mute that covers a reported test: one for the test itself, for its parameterised group
 * (the source names {@code test_y}, the report {@code test_y[1]}), for the Go test a subtest runs
 * under ({@code TestX/case}), or for its whole suite. The same rules as the quarantine suggestions.
 */
public final class MuteIndex {
    private final Map<String, Gate.Mute> byId = new HashMap<>();
    private final Map<String, Gate.Mute> bySuite = new HashMap<>();

    public MuteIndex(List<Gate.Mute> mutes) {
        for (Gate.Mute m : mutes) {
            if (m.entry().wholeSuite()) {
                bySuite.putIfAbsent(m.entry().test().suite(), m);
            } else {
                byId.putIfAbsent(m.entry().test().id(), m);
            }
        }
    }

    public boolean isEmpty() {
        return byId.isEmpty() && bySuite.isEmpty();
    }

    /** The covering mute, or null. */
    public Gate.Mute find(TestId test) {
        Gate.Mute m = byId.get(test.id());
        if (m == null) {
            m = byId.get(TestGroups.groupKey(test));
        }
        String name = test.name();
        for (int slash = name.lastIndexOf('/'); m == null && slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
            m = byId.get(new TestId(test.suite(), name.substring(0, slash)).id());
        }
        return m != null ? m : bySuite.get(test.suite());
    }
}
