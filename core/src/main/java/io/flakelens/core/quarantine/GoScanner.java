package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.BraceTokenizer.Kind;
import io.flakelens.core.quarantine.BraceTokenizer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Go tests: a marker is a call in a {@code func TestXxx(t *testing.T)} body ({@code t.Skip("flaky: #12")},
 * or a helper the configuration names). Inside {@code t.Run("name", func(t *testing.T) {...})} it mutes
 * the subtest, named as go test names it ({@code TestX/name}, spaces as underscores). The suite is the
 * package's import path, as {@code go test -json} reports it.
 */
final class GoScanner {
    private final Markers markers;

    GoScanner(Markers markers) {
        this.markers = markers;
    }

    static boolean accepts(String path) {
        return path.endsWith("_test.go");
    }

    private record Sub(String name, int depth) {}

    List<MutedTest> scan(String path, String importPath, String src) throws SourceProblem {
        if (!markers.mentions(Language.GO, src)) {
            return List.of();
        }
        List<Token> tokens =
                BraceTokenizer.tokenize(src, BraceTokenizer.Dialect.GO).tokens();
        CallReader r = new CallReader(tokens, src);
        List<MutedTest> out = new ArrayList<>();
        int depth = 0;
        String test = null;
        int testDepth = -1;
        Deque<Sub> subs = new ArrayDeque<>();
        String pendingSub = null;
        for (int i = 0; i < r.size(); i++) {
            Token tok = r.at(i);
            if (tok.kind() == Kind.END) {
                break;
            }
            if (tok.is("{")) {
                depth++;
                if (pendingSub != null && test != null) {
                    subs.push(new Sub(pendingSub, depth));
                    pendingSub = null;
                }
                continue;
            }
            if (tok.is("}")) {
                if (!subs.isEmpty() && subs.peek().depth() == depth) {
                    subs.pop();
                }
                depth--;
                if (test != null && depth == testDepth) {
                    test = null;
                }
                continue;
            }
            if (depth == 0
                    && tok.is("func")
                    && r.at(i + 1).kind() == Kind.NAME
                    && r.at(i + 2).is("(")) {
                String name = r.at(i + 1).text();
                if (isTestName(name)) {
                    test = name;
                    testDepth = 0;
                    subs.clear();
                }
                continue;
            }
            if (test == null) {
                continue;
            }
            CallReader.Found f = r.callAt(i);
            if (f == null) {
                continue;
            }
            Call call = f.call();
            if (call.name().endsWith(".Run")
                    && call.args().size() >= 2
                    && call.args().get(0).literal()
                    && call.args().get(1).value().startsWith("func")) {
                pendingSub = call.args().get(0).value().replace(' ', '_');
                continue;
            }
            String fullName = test;
            List<Sub> chain = new ArrayList<>(subs);
            java.util.Collections.reverse(chain);
            for (Sub s : chain) {
                fullName += "/" + s.name();
            }
            TestId id = new TestId(importPath, fullName);
            markers.match(Language.GO, call)
                    .ifPresent(m -> out.add(new MutedTest(
                            path,
                            call.line(),
                            Language.GO,
                            id,
                            m.marker(),
                            m.ticket(),
                            m.reason(),
                            m.since(),
                            Scope.TEST)));
        }
        return out;
    }

    /** go test runs TestXxx where Xxx does not start with a lower-case letter. */
    static boolean isTestName(String name) {
        return name.startsWith("Test")
                && !name.equals("TestMain")
                && (name.length() == 4 || !Character.isLowerCase(name.charAt(4)));
    }
}
