package io.flakelens.core.quarantine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import io.flakelens.core.model.TestId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Java sources through JavaParser: markers are annotations on test methods and on classes (which
 * mute every test of the class and of its {@code @Nested} classes), with their arguments by name.
 * The suite is the binary class name Surefire writes ({@code com.acme.FooTest$Inner}), the name the
 * method's.
 */
final class JavaScanner {
    /** Annotations that make a method a test (JUnit 4 and 5, TestNG, jqwik). */
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate", "Property", "Example");

    private final Markers markers;
    private final JavaParser parser;

    JavaScanner(Markers markers) {
        this.markers = markers;
        ParserConfiguration config = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false);
        this.parser = new JavaParser(config);
    }

    static boolean accepts(String path) {
        return path.endsWith(".java");
    }

    List<MutedTest> scan(String path, String src) throws SourceProblem {
        ParseResult<CompilationUnit> r = parser.parse(src);
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            Problem p = r.getProblems().isEmpty() ? null : r.getProblems().get(0);
            int line = p == null
                    ? 0
                    : p.getLocation()
                            .flatMap(l -> l.getBegin().getRange())
                            .map(range -> range.begin.line)
                            .orElse(0);
            String msg = p == null
                    ? "cannot parse"
                    : p.getMessage().lines().findFirst().orElse("cannot parse");
            throw new SourceProblem(line, "not parsable as Java: " + msg);
        }
        CompilationUnit cu = r.getResult().get();
        String pkg =
                cu.getPackageDeclaration().map(d -> d.getNameAsString() + ".").orElse("");
        List<MutedTest> out = new ArrayList<>();
        for (TypeDeclaration<?> type : cu.getTypes()) {
            visit(path, type, pkg + type.getNameAsString(), List.of(), out);
        }
        return out;
    }

    /** A class mute inherited from an enclosing class, with where it is written. */
    private record Inherited(Marker.Mute mute, int line) {}

    private int visit(String path, TypeDeclaration<?> type, String suite, List<Inherited> outer, List<MutedTest> out) {
        List<Inherited> own = new ArrayList<>();
        for (AnnotationExpr a : type.getAnnotations()) {
            for (Call c : calls(a)) {
                markers.match(Language.JAVA, c).ifPresent(m -> own.add(new Inherited(m, c.line())));
            }
        }
        boolean junit3 = type instanceof ClassOrInterfaceDeclaration cd
                && cd.getExtendedTypes().stream()
                        .anyMatch(t -> t.getNameAsString().endsWith("TestCase"));
        int tests = 0;
        for (BodyDeclaration<?> member : type.getMembers()) {
            if (member instanceof MethodDeclaration m) {
                List<Call> calls = new ArrayList<>();
                boolean test = junit3
                        && m.getNameAsString().startsWith("test")
                        && m.isPublic()
                        && m.getParameters().isEmpty();
                for (AnnotationExpr a : m.getAnnotations()) {
                    test |= TEST_ANNOTATIONS.contains(a.getName().getIdentifier());
                    calls.addAll(calls(a));
                }
                List<MutedTest> mine = new ArrayList<>();
                TestId id = new TestId(suite, m.getNameAsString());
                for (Call c : calls) {
                    markers.match(Language.JAVA, c)
                            .ifPresent(mute -> mine.add(entry(path, c.line(), id, mute, Scope.TEST)));
                }
                if (!test && mine.isEmpty()) {
                    continue;
                }
                tests++;
                out.addAll(mine);
                for (Inherited i : own) {
                    out.add(entry(path, i.line(), id, i.mute(), Scope.CLASS));
                }
                for (Inherited i : outer) {
                    out.add(entry(path, i.line(), id, i.mute(), Scope.CLASS));
                }
            } else if (member instanceof TypeDeclaration<?> inner) {
                // JUnit 5 runs @Nested classes under the outer class's conditions; other nested classes
                // are test classes of their own.
                boolean nested = inner.getAnnotations().stream()
                        .anyMatch(a -> a.getName().getIdentifier().equals("Nested"));
                List<Inherited> passed = new ArrayList<>();
                if (nested) {
                    passed.addAll(outer);
                    passed.addAll(own);
                }
                tests += visit(path, inner, suite + "$" + inner.getNameAsString(), passed, out);
            }
        }
        if (tests == 0) {
            TestId any = new TestId(suite, MutedTest.ANY);
            for (Inherited i : own) {
                out.add(entry(path, i.line(), any, i.mute(), Scope.CLASS));
            }
        }
        return tests;
    }

    private static MutedTest entry(String path, int line, TestId id, Marker.Mute m, Scope scope) {
        return new MutedTest(path, line, Language.JAVA, id, m.marker(), m.ticket(), m.reason(), m.since(), scope);
    }

    /** An annotation as calls: itself, or for a container ({@code @Tags({...})}) each annotation it holds. */
    private static List<Call> calls(AnnotationExpr a) {
        int line = a.getBegin().map(p -> p.line).orElse(0);
        List<Call.Arg> args = new ArrayList<>();
        List<Call> inner = new ArrayList<>();
        if (a instanceof SingleMemberAnnotationExpr s) {
            collectInner(s.getMemberValue(), inner);
            args.add(new Call.Arg(null, value(s.getMemberValue()), literal(s.getMemberValue())));
        } else if (a instanceof NormalAnnotationExpr n) {
            for (MemberValuePair p : n.getPairs()) {
                collectInner(p.getValue(), inner);
                args.add(new Call.Arg(p.getNameAsString(), value(p.getValue()), literal(p.getValue())));
            }
        }
        if (!inner.isEmpty()) {
            return inner;
        }
        return List.of(new Call(a.getNameAsString(), args, line));
    }

    private static void collectInner(Expression e, List<Call> into) {
        if (e instanceof AnnotationExpr a) {
            into.addAll(calls(a));
        } else if (e instanceof ArrayInitializerExpr arr) {
            for (Expression v : arr.getValues()) {
                collectInner(v, into);
            }
        }
    }

    private static boolean literal(Expression e) {
        return value(e, true) != null;
    }

    private static String value(Expression e) {
        String v = value(e, true);
        return v != null ? v : e.toString();
    }

    /** A string constant's value, concatenations included; null when the expression is not one. */
    private static String value(Expression e, boolean strict) {
        if (e instanceof StringLiteralExpr s) {
            return s.asString();
        }
        if (e instanceof TextBlockLiteralExpr t) {
            return t.asString();
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            String l = value(b.getLeft(), strict);
            String r = value(b.getRight(), strict);
            return l == null || r == null ? null : l + r;
        }
        return null;
    }
}
