package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.BraceTokenizer.Kind;
import io.flakelens.core.quarantine.BraceTokenizer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Kotlin test sources: the JVM's annotations ({@code @Disabled("flaky: #12")}, {@code @Ignore},
 * {@code @Tag("flaky")}) on test functions and on classes, read from tokens (JavaParser reads no
 * Kotlin). A class marker mutes every test of the class and of its {@code @Nested} inner classes. The
 * suite is {@code package.Class} ({@code Outer$Inner} when nested), the name the function's, a
 * {@code `name with spaces`} as written: what JUnit's reports say.
 */
final class KotlinScanner {
    /** Annotations that make a function a test (JUnit 4 and 5, kotlin.test). */
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");
    /** Words that may stand between annotations and {@code fun} or {@code class}. */
    private static final Set<String> MODIFIERS = Set.of(
            "public",
            "private",
            "internal",
            "protected",
            "open",
            "final",
            "abstract",
            "override",
            "suspend",
            "inner",
            "data",
            "sealed",
            "enum",
            "annotation",
            "inline",
            "operator",
            "tailrec",
            "external",
            "infix",
            "companion",
            "value");

    private final Markers markers;

    KotlinScanner(Markers markers) {
        this.markers = markers;
    }

    static boolean accepts(String path) {
        return path.endsWith(".kt");
    }

    /**
     * A class whose body is open: its suite, the depth inside its braces, its own mutes and those of the
     * classes it is {@code @Nested} in, and how many tests it (with its nested classes) holds.
     */
    private record Open(
            String suite, int depth, List<Inherited> own, List<Inherited> inherited, boolean nested, int[] tests) {
        List<Inherited> all() {
            List<Inherited> a = new ArrayList<>(inherited);
            a.addAll(own);
            return a;
        }
    }

    private record Inherited(Marker.Mute mute, int line) {}

    /** An annotation read: its call shape, and its bare name. */
    private record Annotation(Call call, String name) {}

    List<MutedTest> scan(String path, String src) throws SourceProblem {
        if (!markers.mentions(Language.KOTLIN, src)) {
            return List.of();
        }
        CallReader r = new CallReader(
                BraceTokenizer.tokenize(src, BraceTokenizer.Dialect.KOTLIN).tokens(), src);
        List<MutedTest> out = new ArrayList<>();
        String pkg = "";
        int depth = 0;
        int parens = 0;
        Deque<Open> classes = new ArrayDeque<>();
        List<Annotation> pending = new ArrayList<>();
        // a class declared, waiting for the brace that opens its body
        String declared = null;
        List<Annotation> declaredWith = List.of();
        for (int i = 0; i < r.size(); i++) {
            Token tok = r.at(i);
            if (tok.kind() == Kind.END) {
                break;
            }
            if (tok.is("(")) {
                parens++;
                continue;
            }
            if (tok.is(")")) {
                parens = Math.max(0, parens - 1);
                continue;
            }
            if (tok.is("{")) {
                depth++;
                if (declared != null && parens == 0) {
                    open(path, declared, declaredWith, depth, classes, out);
                    declared = null;
                }
                continue;
            }
            if (tok.is("}")) {
                if (!classes.isEmpty() && classes.peek().depth() == depth) {
                    close(path, classes.pop(), out, classes);
                }
                depth--;
                continue;
            }
            if (parens > 0) {
                continue;
            }
            if (depth == 0 && tok.is("package")) {
                StringBuilder name = new StringBuilder();
                int k = i + 1;
                while (r.at(k).kind() == Kind.NAME) {
                    name.append(r.at(k).text());
                    if (!r.at(k + 1).is(".")) {
                        break;
                    }
                    name.append('.');
                    k += 2;
                }
                pkg = name.length() == 0 ? "" : name + ".";
                i = k;
                continue;
            }
            if (tok.is("@") && r.at(i + 1).kind() == Kind.NAME) {
                int k = i + 1;
                // a use-site target (@field:Ignore) or a qualified name (@org.junit.Ignore): the last name counts
                while ((r.at(k + 1).is(".") || r.at(k + 1).is(":"))
                        && r.at(k + 2).kind() == Kind.NAME) {
                    k += 2;
                }
                CallReader.Found f = r.callAt(k);
                String name = r.at(k).text();
                if (f != null) {
                    pending.add(new Annotation(new Call(name, f.call().args(), tok.line()), name));
                    i = f.close();
                } else {
                    pending.add(new Annotation(new Call(name, List.of(), tok.line()), name));
                    i = k;
                }
                continue;
            }
            if (tok.kind() == Kind.NAME && MODIFIERS.contains(tok.text())) {
                continue;
            }
            if ((tok.is("class") || tok.is("object")) && r.at(i + 1).kind() == Kind.NAME) {
                if (declared != null) {
                    bodiless(path, declared, declaredWith, out);
                }
                String name = r.at(i + 1).text();
                String suite = classes.isEmpty() ? pkg + name : classes.peek().suite() + "$" + name;
                declared = suite;
                declaredWith = List.copyOf(pending);
                pending.clear();
                i++;
                continue;
            }
            if (tok.is("fun")) {
                if (declared != null) {
                    bodiless(path, declared, declaredWith, out);
                }
                int k = i + 1;
                // an extension function's receiver (fun Foo.bar()) or type parameters (fun <T> baz()) come first
                if (r.at(k).is("<")) {
                    while (!r.at(k).is(">") && r.at(k).kind() != Kind.END) {
                        k++;
                    }
                    k++;
                }
                while (r.at(k + 1).is(".") && r.at(k + 2).kind() == Kind.NAME) {
                    k += 2;
                }
                if (r.at(k).kind() == Kind.NAME && r.at(k + 1).is("(") && !classes.isEmpty()) {
                    function(path, r.at(k).text(), pending, classes.peek(), out);
                }
                pending.clear();
                declared = null;
                continue;
            }
            // any other declaration ends what the annotations above could belong to
            if (tok.is("val") || tok.is("var") || tok.is("init") || tok.is("=")) {
                pending.clear();
                if (!tok.is("=") && declared != null) {
                    bodiless(path, declared, declaredWith, out);
                    declared = null;
                }
            }
        }
        if (declared != null) {
            bodiless(path, declared, declaredWith, out);
        }
        while (!classes.isEmpty()) {
            close(path, classes.pop(), out, classes);
        }
        return out;
    }

    /** A muted class or object without a body ({@code @Disabled object Foo}) mutes its suite as a whole. */
    private void bodiless(String path, String suite, List<Annotation> with, List<MutedTest> out) {
        TestId any = new TestId(suite, MutedTest.ANY);
        for (Annotation a : with) {
            markers.match(Language.KOTLIN, a.call())
                    .ifPresent(m -> out.add(entry(path, a.call().line(), any, m, Scope.CLASS)));
        }
    }

    private void open(
            String path, String suite, List<Annotation> with, int depth, Deque<Open> classes, List<MutedTest> out) {
        List<Inherited> own = new ArrayList<>();
        boolean nested = false;
        for (Annotation a : with) {
            nested |= a.name().equals("Nested");
            markers.match(Language.KOTLIN, a.call())
                    .ifPresent(m -> own.add(new Inherited(m, a.call().line())));
        }
        // JUnit 5 runs @Nested classes under the outer class's conditions; other inner classes are their own
        List<Inherited> inherited =
                nested && !classes.isEmpty() ? classes.peek().all() : List.of();
        classes.push(new Open(suite, depth, own, inherited, nested, new int[1]));
    }

    private void function(String path, String name, List<Annotation> annotations, Open owner, List<MutedTest> out) {
        boolean test = false;
        List<MutedTest> mine = new ArrayList<>();
        TestId id = new TestId(owner.suite(), name);
        for (Annotation a : annotations) {
            test |= TEST_ANNOTATIONS.contains(a.name());
            markers.match(Language.KOTLIN, a.call())
                    .ifPresent(m -> mine.add(entry(path, a.call().line(), id, m, Scope.TEST)));
        }
        if (!test && mine.isEmpty()) {
            return;
        }
        owner.tests()[0]++;
        out.addAll(mine);
        for (Inherited i : owner.all()) {
            out.add(entry(path, i.line(), id, i.mute(), Scope.CLASS));
        }
    }

    /** A muted class in which no test was seen still mutes its suite as a whole. */
    private static void close(String path, Open c, List<MutedTest> out, Deque<Open> outer) {
        if (c.nested() && !outer.isEmpty()) {
            outer.peek().tests()[0] += c.tests()[0];
        }
        if (c.tests()[0] > 0) {
            return;
        }
        TestId any = new TestId(c.suite(), MutedTest.ANY);
        for (Inherited i : c.own()) {
            out.add(entry(path, i.line(), any, i.mute(), Scope.CLASS));
        }
    }

    private static MutedTest entry(String path, int line, TestId id, Marker.Mute m, Scope scope) {
        return new MutedTest(path, line, Language.KOTLIN, id, m.marker(), m.ticket(), m.reason(), m.since(), scope);
    }
}
