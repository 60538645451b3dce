package io.flakelens.core.quarantine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects muted fixtures to the tests that use them, the way pytest looks fixtures up: by name,
 * from the test's class outwards to its module, then the {@code conftest.py} of its folder and of
 * every folder above; {@code autouse} fixtures on that path apply unasked; a fixture that asks for
 * a muted fixture passes the mute on.
 */
final class PythonFixtures {
    private PythonFixtures() {}

    private record Located(PythonModule.Fixture fixture, String file) {}

    static List<MutedTest> resolve(List<PythonModule> modules) {
        Map<String, List<PythonModule.Fixture>> conftests = new HashMap<>();
        Map<String, String> conftestFiles = new HashMap<>();
        boolean anyMuted = false;
        for (PythonModule m : modules) {
            anyMuted |= m.fixtures().stream().anyMatch(f -> !f.mutes().isEmpty());
            if (m.conftest()) {
                conftests.put(m.dir(), m.fixtures());
                conftestFiles.put(m.dir(), m.path());
            }
        }
        List<MutedTest> out = new ArrayList<>();
        if (!anyMuted) {
            return out;
        }
        for (PythonModule m : modules) {
            if (m.conftest() || m.tests().isEmpty()) {
                continue;
            }
            for (PythonModule.Test t : m.tests()) {
                // the scopes a name is looked up in, innermost first
                List<Map<String, Located>> scopes = new ArrayList<>();
                for (int depth = t.classes().size(); depth >= 0; depth--) {
                    String owner =
                            depth == 0 ? null : String.join(".", t.classes().subList(0, depth));
                    Map<String, Located> s = new LinkedHashMap<>();
                    for (PythonModule.Fixture f : m.fixtures()) {
                        if (java.util.Objects.equals(f.owner(), owner)) {
                            s.putIfAbsent(f.name(), new Located(f, m.path()));
                        }
                    }
                    scopes.add(s);
                }
                String dir = m.dir();
                while (true) {
                    List<PythonModule.Fixture> fs = conftests.get(dir);
                    if (fs != null) {
                        Map<String, Located> s = new LinkedHashMap<>();
                        for (PythonModule.Fixture f : fs) {
                            if (f.owner() == null) {
                                s.putIfAbsent(f.name(), new Located(f, conftestFiles.get(dir)));
                            }
                        }
                        scopes.add(s);
                    }
                    if (dir.isEmpty()) {
                        break;
                    }
                    dir = dir.contains("/") ? dir.substring(0, dir.lastIndexOf('/')) : "";
                }
                Deque<String> todo = new ArrayDeque<>(t.requests());
                for (Map<String, Located> s : scopes) {
                    for (Located l : s.values()) {
                        if (l.fixture().autouse()) {
                            todo.add(l.fixture().name());
                        }
                    }
                }
                Set<String> seen = new HashSet<>();
                while (!todo.isEmpty()) {
                    String name = todo.poll();
                    if (!seen.add(name)) {
                        continue;
                    }
                    Located l = lookup(scopes, name);
                    if (l == null) {
                        continue;
                    }
                    for (PythonModule.Mute mute : l.fixture().mutes()) {
                        Marker.Mute x = mute.mute();
                        out.add(new MutedTest(
                                l.file(),
                                mute.line(),
                                Language.PYTHON,
                                t.id(),
                                x.marker(),
                                x.ticket(),
                                x.reason(),
                                x.since(),
                                Scope.FIXTURE));
                    }
                    todo.addAll(l.fixture().requests());
                }
            }
        }
        return out;
    }

    private static Located lookup(List<Map<String, Located>> scopes, String name) {
        for (Map<String, Located> s : scopes) {
            Located l = s.get(name);
            if (l != null) {
                return l;
            }
        }
        return null;
    }
}
