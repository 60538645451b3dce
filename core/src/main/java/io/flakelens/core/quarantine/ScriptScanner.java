package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.BraceTokenizer.Comment;
import io.flakelens.core.quarantine.BraceTokenizer.Kind;
import io.flakelens.core.quarantine.BraceTokenizer.Tokens;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jest, Mocha, Jasmine, Vitest and Playwright tests in JavaScript and TypeScript: {@code it.skip},
 * {@code test.skip}, {@code xit}, {@code describe.skip} and the like, with titles from string or
 * template literals. A skipped describe block mutes every test inside it. These markers take no
 * reason, so the comment right above one is its reason (and may name its ticket).
 *
 * <p>Names follow jest-junit configured as most CI setups do ({@code classNameTemplate: "{classname}"},
 * {@code titleTemplate: "{title}"}, {@code ancestorSeparator: " › "}): the suite is the describe
 * titles joined with {@code " › "}, or the file's path from its package root for a test outside
 * any describe; the name is the test's title.
 */
final class ScriptScanner {
    static final String SEPARATOR = " › ";
    private static final Set<String> TEST_WORDS = Set.of("it", "test", "specify", "xit", "xtest", "fit", "xspecify");
    private static final Set<String> DESCRIBE_WORDS =
            Set.of("describe", "context", "suite", "xdescribe", "xcontext", "fdescribe");
    private static final Set<String> MODIFIERS =
            Set.of("skip", "only", "fixme", "concurrent", "failing", "todo", "slow", "serial", "parallel");
    private static final List<String> EXTENSIONS =
            List.of(".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts");

    private final Markers markers;

    ScriptScanner(Markers markers) {
        this.markers = markers;
    }

    static boolean accepts(String path) {
        if (path.endsWith(".d.ts") || EXTENSIONS.stream().noneMatch(path::endsWith)) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.contains(".test.")
                || name.contains(".spec.")
                || path.contains("__tests__/")
                || path.startsWith("test/")
                || path.contains("/test/")
                || path.startsWith("tests/")
                || path.contains("/tests/");
    }

    private static final class Block {
        final String title;
        final int closeAt;
        final Marker.Mute mute;
        final int line;
        int tests;

        Block(String title, int closeAt, Marker.Mute mute, int line) {
            this.title = title;
            this.closeAt = closeAt;
            this.mute = mute;
            this.line = line;
        }
    }

    /** @param fileSuite the suite of tests outside any describe block: the path from the package root */
    List<MutedTest> scan(String path, String fileSuite, String src) throws SourceProblem {
        if (!markers.mentions(Language.JS, src)) {
            return List.of();
        }
        Tokens tokens = BraceTokenizer.tokenize(src, BraceTokenizer.Dialect.JS);
        CallReader r = new CallReader(tokens.tokens(), src);
        List<MutedTest> out = new ArrayList<>();
        Deque<Block> blocks = new ArrayDeque<>();
        for (int i = 0; i < r.size() && r.at(i).kind() != Kind.END; i++) {
            while (!blocks.isEmpty() && i > blocks.peek().closeAt) {
                close(path, blocks.pop(), blocks, out);
            }
            CallReader.Found f = r.callAt(i);
            if (f == null
                    || f.call().args().isEmpty()
                    || !f.call().args().get(0).literal()) {
                continue;
            }
            Call call = f.call();
            String[] words = call.name().split("\\.");
            boolean describe = false;
            for (String w : words) {
                describe |= DESCRIBE_WORDS.contains(w);
            }
            boolean test = !describe && TEST_WORDS.contains(words[0]);
            for (int k = 1; k < words.length && test; k++) {
                test = MODIFIERS.contains(words[k]);
            }
            if (!describe && !test) {
                continue;
            }
            String title = call.args().get(0).value();
            Optional<Marker.Mute> mute = markers.match(Language.JS, call).map(m -> withComment(m, tokens, call.line()));
            if (describe) {
                blocks.push(new Block(title, f.close(), mute.orElse(null), call.line()));
                continue;
            }
            List<Block> chain = new ArrayList<>(blocks);
            java.util.Collections.reverse(chain);
            String suite = chain.isEmpty()
                    ? fileSuite
                    : String.join(SEPARATOR, chain.stream().map(b -> b.title).toList());
            TestId id = new TestId(suite, title);
            mute.ifPresent(m -> out.add(entry(path, call.line(), id, m, Scope.TEST)));
            for (Block b : chain) {
                b.tests++;
                if (b.mute != null) {
                    out.add(entry(path, b.line, id, b.mute, Scope.CLASS));
                }
            }
            // a test's body holds no tests: go on after it
            i = f.close();
        }
        while (!blocks.isEmpty()) {
            close(path, blocks.pop(), blocks, out);
        }
        return out;
    }

    /** A muted describe block in which the scan saw no test stands for all of its tests. */
    private static void close(String path, Block b, Deque<Block> outer, List<MutedTest> out) {
        if (b.mute != null && b.tests == 0) {
            List<Block> chain = new ArrayList<>(outer);
            java.util.Collections.reverse(chain);
            chain.add(b);
            out.add(entry(
                    path,
                    b.line,
                    new TestId(
                            String.join(
                                    SEPARATOR, chain.stream().map(x -> x.title).toList()),
                            MutedTest.ANY),
                    b.mute,
                    Scope.CLASS));
        }
    }

    private static MutedTest entry(String path, int line, TestId id, Marker.Mute m, Scope scope) {
        return new MutedTest(path, line, Language.JS, id, m.marker(), m.ticket(), m.reason(), m.since(), scope);
    }

    /** The comment ending on the line above the marker (or on its own line) as reason, with the ticket it names. */
    private Marker.Mute withComment(Marker.Mute m, Tokens tokens, int line) {
        if (m.reason() != null) {
            return m;
        }
        for (int k = tokens.comments().size() - 1; k >= 0; k--) {
            Comment c = tokens.comments().get(k);
            if (c.lastLine() == line - 1 || c.firstLine() == line) {
                String text = c.text().replaceAll("(?m)^\\s*\\*+\\s?", "").strip();
                String ticket = m.ticket() != null ? m.ticket() : markers.ticketIn(text);
                return new Marker.Mute(m.marker(), ticket, text.isEmpty() ? null : text, m.since());
            }
            if (c.lastLine() < line - 1) {
                break;
            }
        }
        return m;
    }
}
