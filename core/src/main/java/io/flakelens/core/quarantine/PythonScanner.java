package io.flakelens.core.quarantine;

import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.PythonTokenizer.Kind;
import io.flakelens.core.quarantine.PythonTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * pytest sources: collects tests as pytest does by default ({@code test*} functions, {@code test*}
 * methods of {@code Test*} classes and of {@code unittest.TestCase} subclasses, in {@code test_*.py},
 * {@code *_test.py}), markers on them, on their classes, through {@code pytestmark}, and on fixtures.
 * Names follow pytest's JUnit XML: classname {@code tests.test_x.TestClass}, name {@code test_y}, the
 * module path taken from pytest's rootdir.
 */
final class PythonScanner {
    private final Markers markers;

    PythonScanner(Markers markers) {
        this.markers = markers;
    }

    static boolean accepts(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".py")
                && (name.startsWith("test_") || name.endsWith("_test.py") || name.equals("conftest.py"));
    }

    /** A decorator or marker expression: what it is called and its arguments. */
    private record Deco(Call call, Optional<Marker.Mute> mute) {}

    private static final class Def {
        String name;
        int line;
        final List<String> params = new ArrayList<>();
        final List<Deco> decorators = new ArrayList<>();
    }

    private static final class Block {
        final String name;
        final int line;
        final Block parent;
        final List<Deco> decorators = new ArrayList<>();
        final List<Deco> marks = new ArrayList<>();
        final List<Def> functions = new ArrayList<>();
        final List<Block> classes = new ArrayList<>();
        boolean unittest;

        Block(String name, int line, Block parent) {
            this.name = name;
            this.line = line;
            this.parent = parent;
        }

        boolean testClass() {
            return unittest || name.startsWith("Test");
        }
    }

    PythonModule scan(String path, String module, String src) throws SourceProblem {
        List<Token> tokens = PythonTokenizer.tokenize(src);
        Parser p = new Parser(tokens, src);
        Block root = new Block(null, 1, null);
        p.block(root);
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        boolean conftest = path.endsWith("conftest.py");
        List<MutedTest> direct = new ArrayList<>();
        List<PythonModule.Fixture> fixtures = new ArrayList<>();
        List<PythonModule.Test> tests = new ArrayList<>();
        collect(root, path, module, new ArrayList<>(), conftest, direct, fixtures, tests);
        return new PythonModule(path, dir, conftest, direct, fixtures, tests);
    }

    /** Walks one scope (the module or a class); returns how many tests it and its classes hold. */
    private int collect(
            Block s,
            String path,
            String module,
            List<String> classes,
            boolean conftest,
            List<MutedTest> direct,
            List<PythonModule.Fixture> fixtures,
            List<PythonModule.Test> tests) {
        boolean isModule = s.parent == null;
        String suite = classes.isEmpty() ? module : module + "." + String.join(".", classes);
        int found = 0;
        for (Def f : s.functions) {
            Deco fixture = fixtureDecorator(f);
            if (fixture != null) {
                List<PythonModule.Mute> mutes = new ArrayList<>();
                for (Deco d : f.decorators) {
                    d.mute()
                            .ifPresent(m ->
                                    mutes.add(new PythonModule.Mute(m, d.call().line())));
                }
                String name = f.name;
                boolean autouse = false;
                for (Call.Arg a : fixture.call().args()) {
                    if ("name".equals(a.keyword()) && a.literal()) {
                        name = a.value();
                    } else if ("autouse".equals(a.keyword())) {
                        autouse = a.value().equals("True");
                    }
                }
                fixtures.add(new PythonModule.Fixture(
                        name,
                        classes.isEmpty() ? null : String.join(".", classes),
                        f.line,
                        mutes,
                        requests(f),
                        autouse));
                continue;
            }
            boolean test = f.name.startsWith("test") && (isModule || s.testClass()) && !conftest;
            if (!test) {
                continue;
            }
            found++;
            TestId id = new TestId(suite, f.name);
            for (Deco d : f.decorators) {
                d.mute().ifPresent(m -> direct.add(entry(path, d.call().line(), id, m, Scope.TEST)));
            }
            direct.addAll(paramMutes(path, suite, f));
            List<String> req = new ArrayList<>(requests(f));
            for (Block c = s; c != null; c = c.parent) {
                Scope scope = c.parent == null ? Scope.MODULE : Scope.CLASS;
                for (Deco d : c.decorators) {
                    d.mute().ifPresent(m -> direct.add(entry(path, d.call().line(), id, m, scope)));
                    req.addAll(usefixtures(d));
                }
                for (Deco d : c.marks) {
                    d.mute().ifPresent(m -> direct.add(entry(path, d.call().line(), id, m, scope)));
                    req.addAll(usefixtures(d));
                }
            }
            tests.add(new PythonModule.Test(id, List.copyOf(classes), req));
        }
        for (Block c : s.classes) {
            List<String> inner = new ArrayList<>(classes);
            inner.add(c.name);
            found += collect(c, path, module, inner, conftest, direct, fixtures, tests);
        }
        if (found == 0 && !conftest && (isModule || s.testClass())) {
            // A marker over a class or module whose tests the scan cannot see (inherited, generated):
            // the entry stands for every test of the suite.
            TestId any = new TestId(suite, MutedTest.ANY);
            Scope scope = isModule ? Scope.MODULE : Scope.CLASS;
            for (Deco d : s.decorators) {
                d.mute().ifPresent(m -> direct.add(entry(path, d.call().line(), any, m, scope)));
            }
            for (Deco d : s.marks) {
                d.mute().ifPresent(m -> direct.add(entry(path, d.call().line(), any, m, scope)));
            }
        }
        return found;
    }

    private static MutedTest entry(String path, int line, TestId id, Marker.Mute m, Scope scope) {
        return new MutedTest(path, line, Language.PYTHON, id, m.marker(), m.ticket(), m.reason(), m.since(), scope);
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");

    /**
     * {@code pytest.param(v, marks=pytest.mark.xfail(...), id="x")} in a test's parametrize decorator
     * mutes that parameter set only: an entry named as pytest's report names it, {@code test_x[x]}.
     * The id is the param's {@code id}, else the decorator's {@code ids} list, else pytest's own rule
     * for literals (numbers, strings, True/False/None as written, joined by {@code -}) and
     * {@code argname} plus index for anything else. With two parametrize decorators ids combine in
     * ways the source alone cannot settle, so the scan leaves those alone.
     */
    private List<MutedTest> paramMutes(String path, String suite, Def f) {
        List<Deco> parametrize = f.decorators.stream()
                .filter(d -> d.call().name().endsWith("parametrize"))
                .toList();
        if (parametrize.size() != 1) {
            return List.of();
        }
        Call call = parametrize.get(0).call();
        Call.Arg names = null;
        Call.Arg values = null;
        Call.Arg ids = null;
        int positional = 0;
        for (Call.Arg a : call.args()) {
            String k = a.keyword() != null
                    ? a.keyword()
                    : positional == 0 ? "argnames" : positional == 1 ? "argvalues" : "";
            if (a.keyword() == null) {
                positional++;
            }
            switch (k) {
                case "argnames" -> names = a;
                case "argvalues" -> values = a;
                case "ids" -> ids = a;
                default -> {}
            }
        }
        if (names == null
                || values == null
                || values.literal()
                || !values.value().contains("param")) {
            return List.of();
        }
        List<String> argnames = new ArrayList<>();
        for (String n : names.literal() ? List.of(names.value().split(",")) : literalList(names.value())) {
            argnames.add(n.strip());
        }
        List<String> givenIds = ids == null || ids.literal() ? List.of() : literalList(ids.value());
        List<MutedTest> out = new ArrayList<>();
        try {
            String text = values.value();
            Parser p = new Parser(PythonTokenizer.tokenize(text), text);
            if (!(p.at(0).is("[") || p.at(0).is("("))) {
                return List.of();
            }
            p.i = 0;
            List<Call.Arg> elements = p.arguments();
            for (int k = 0; k < elements.size(); k++) {
                Call.Arg e = elements.get(k);
                String v = e.value();
                if (e.literal() || !(v.startsWith("pytest.param(") || v.startsWith("param("))) {
                    continue;
                }
                Parser q = new Parser(PythonTokenizer.tokenize(v), v);
                Call param = q.expression(call.line()).call();
                List<Deco> marks = new ArrayList<>();
                String id = null;
                List<Call.Arg> args = new ArrayList<>();
                for (Call.Arg a : param.args()) {
                    if ("marks".equals(a.keyword())) {
                        Parser m = new Parser(PythonTokenizer.tokenize(a.value()), a.value());
                        marks.addAll(m.markList());
                    } else if ("id".equals(a.keyword()) && a.literal()) {
                        id = a.value();
                    } else if (a.keyword() == null) {
                        args.add(a);
                    }
                }
                if (id == null && k < givenIds.size()) {
                    id = givenIds.get(k);
                }
                if (id == null) {
                    List<String> parts = new ArrayList<>();
                    for (int j = 0; j < args.size(); j++) {
                        Call.Arg a = args.get(j);
                        String w = a.value();
                        boolean plain = a.literal()
                                || NUMBER.matcher(w).matches()
                                || w.equals("True")
                                || w.equals("False")
                                || w.equals("None");
                        parts.add(plain ? w : (j < argnames.size() ? argnames.get(j) : "arg" + j) + k);
                    }
                    id = String.join("-", parts);
                }
                TestId test = new TestId(suite, f.name + "[" + id + "]");
                for (Deco d : marks) {
                    d.mute().ifPresent(mute -> out.add(entry(path, call.line(), test, mute, Scope.TEST)));
                }
            }
        } catch (SourceProblem | RuntimeException e) {
            // an argument list the scan cannot follow mutes nothing it could name
            return out;
        }
        return out;
    }

    /** The string literals of a list or tuple written in source ({@code ["a", "b"]}), or none. */
    private List<String> literalList(String text) {
        try {
            Parser p = new Parser(PythonTokenizer.tokenize(text), text);
            if (!(p.at(0).is("[") || p.at(0).is("("))) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (Call.Arg a : p.arguments()) {
                if (!a.literal()) {
                    return List.of();
                }
                out.add(a.value());
            }
            return out;
        } catch (SourceProblem e) {
            return List.of();
        }
    }

    private static Deco fixtureDecorator(Def f) {
        for (Deco d : f.decorators) {
            String n = d.call().name();
            String last = n.substring(n.lastIndexOf('.') + 1);
            if (last.equals("fixture") || last.equals("yield_fixture")) {
                return d;
            }
        }
        return null;
    }

    private static List<String> requests(Def f) {
        List<String> out = new ArrayList<>();
        for (String p : f.params) {
            if (!p.equals("self") && !p.equals("cls") && !p.equals("request")) {
                out.add(p);
            }
        }
        for (Deco d : f.decorators) {
            out.addAll(usefixtures(d));
        }
        return out;
    }

    private static List<String> usefixtures(Deco d) {
        if (!d.call().name().endsWith("usefixtures")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Call.Arg a : d.call().args()) {
            if (a.keyword() == null && a.literal()) {
                out.add(a.value());
            }
        }
        return out;
    }

    /** A recursive descent over statements, deep enough to see decorators, classes, functions and pytestmark. */
    private final class Parser {
        private final List<Token> t;
        private final String src;
        private int i;

        Parser(List<Token> tokens, String src) {
            this.t = tokens;
            this.src = src;
        }

        private Token at(int k) {
            return t.get(Math.min(k, t.size() - 1));
        }

        /** Reads statements until the DEDENT that closes this block (consumed) or the end. */
        void block(Block scope) {
            List<Deco> decorators = new ArrayList<>();
            while (true) {
                Token tok = at(i);
                switch (tok.kind()) {
                    case END -> {
                        return;
                    }
                    case DEDENT -> {
                        i++;
                        return;
                    }
                    case NEWLINE -> i++;
                    case INDENT -> {
                        // an indented run no statement opened: read it as part of this scope
                        i++;
                        block(scope);
                    }
                    default -> {
                        if (tok.is("@")) {
                            i++;
                            decorators.add(decorator(tok.line()));
                        } else if (tok.is("class")) {
                            classDef(scope, decorators);
                            decorators = new ArrayList<>();
                        } else if (tok.is("def")
                                || (tok.is("async") && at(i + 1).is("def"))) {
                            functionDef(scope, decorators);
                            decorators = new ArrayList<>();
                        } else if (tok.is("pytestmark") && at(i + 1).is("=")) {
                            i += 2;
                            scope.marks.addAll(markList());
                            skipStatement(scope);
                            decorators = new ArrayList<>();
                        } else {
                            skipStatement(scope);
                            decorators = new ArrayList<>();
                        }
                    }
                }
            }
        }

        /** Past the statement's NEWLINE; a compound statement's body is read as part of the same scope. */
        private void skipStatement(Block scope) {
            while (at(i).kind() != Kind.NEWLINE && at(i).kind() != Kind.END) {
                i++;
            }
            if (at(i).kind() == Kind.NEWLINE) {
                i++;
            }
            if (at(i).kind() == Kind.INDENT) {
                i++;
                block(scope);
            }
        }

        /** Skips a body: from INDENT to its DEDENT, nested blocks included. */
        private void skipBody() {
            while (at(i).kind() != Kind.NEWLINE && at(i).kind() != Kind.END) {
                i++;
            }
            if (at(i).kind() == Kind.NEWLINE) {
                i++;
            }
            if (at(i).kind() != Kind.INDENT) {
                return;
            }
            int level = 0;
            do {
                Kind k = at(i).kind();
                if (k == Kind.INDENT) {
                    level++;
                } else if (k == Kind.DEDENT) {
                    level--;
                } else if (k == Kind.END) {
                    return;
                }
                i++;
            } while (level > 0);
        }

        private Deco decorator(int line) {
            Deco d = expression(line);
            while (at(i).kind() != Kind.NEWLINE && at(i).kind() != Kind.END) {
                i++;
            }
            if (at(i).kind() == Kind.NEWLINE) {
                i++;
            }
            return d;
        }

        /** A dotted name and, when a call follows, its arguments; null name when the expression is something else. */
        private Deco expression(int line) {
            StringBuilder name = new StringBuilder();
            while (at(i).kind() == Kind.NAME) {
                name.append(at(i).text());
                i++;
                if (at(i).is(".") && at(i + 1).kind() == Kind.NAME) {
                    name.append('.');
                    i++;
                } else {
                    break;
                }
            }
            List<Call.Arg> args = at(i).is("(") ? arguments() : List.of();
            Call call = new Call(name.length() == 0 ? "" : name.toString(), args, line);
            Optional<Marker.Mute> mute =
                    call.name().isEmpty() ? Optional.empty() : markers.match(Language.PYTHON, call);
            return new Deco(call, mute);
        }

        /** From an opening parenthesis to past its closing one, split at top-level commas. */
        private List<Call.Arg> arguments() {
            List<Call.Arg> out = new ArrayList<>();
            i++;
            int depth = 0;
            int from = i;
            while (at(i).kind() != Kind.END) {
                Token tok = at(i);
                if (tok.kind() == Kind.OP
                        && (tok.text().equals("(")
                                || tok.text().equals("[")
                                || tok.text().equals("{"))) {
                    depth++;
                } else if (tok.kind() == Kind.OP
                        && (tok.text().equals(")")
                                || tok.text().equals("]")
                                || tok.text().equals("}"))) {
                    if (depth == 0) {
                        arg(from, i, out);
                        i++;
                        return out;
                    }
                    depth--;
                } else if (depth == 0 && tok.is(",")) {
                    arg(from, i, out);
                    from = i + 1;
                }
                i++;
            }
            return out;
        }

        private void arg(int from, int to, List<Call.Arg> out) {
            if (from >= to) {
                return;
            }
            String keyword = null;
            if (to - from >= 2 && at(from).kind() == Kind.NAME && at(from + 1).is("=")) {
                keyword = at(from).text();
                from += 2;
            }
            if (from >= to) {
                return;
            }
            boolean literal = true;
            StringBuilder value = new StringBuilder();
            for (int k = from; k < to; k++) {
                if (at(k).kind() != Kind.STRING) {
                    literal = false;
                    break;
                }
                value.append(at(k).text());
            }
            String v = literal
                    ? value.toString()
                    : src.substring(at(from).start(), at(to - 1).end()).replaceAll("\\s+", " ");
            out.add(new Call.Arg(keyword, v, literal));
        }

        /** The right side of {@code pytestmark =}: one marker or a list or tuple of them. */
        private List<Deco> markList() {
            List<Deco> out = new ArrayList<>();
            boolean list = at(i).is("[") || at(i).is("(");
            if (list) {
                i++;
            }
            while (at(i).kind() != Kind.NEWLINE && at(i).kind() != Kind.END) {
                if (at(i).is("]") || at(i).is(")")) {
                    i++;
                    break;
                }
                if (at(i).is(",")) {
                    i++;
                    continue;
                }
                int before = i;
                Deco d = expression(at(i).line());
                if (!d.call().name().isEmpty()) {
                    out.add(d);
                }
                if (i == before) {
                    i++;
                }
                if (!list) {
                    break;
                }
            }
            return out;
        }

        private void classDef(Block parent, List<Deco> decorators) {
            int line = decorators.isEmpty()
                    ? at(i).line()
                    : decorators.get(0).call().line();
            i++;
            String name = at(i).kind() == Kind.NAME ? at(i).text() : "?";
            Block c = new Block(name, line, parent);
            c.decorators.addAll(decorators);
            i++;
            if (at(i).is("(")) {
                for (Call.Arg base : arguments()) {
                    if (base.keyword() == null
                            && (base.value().equals("TestCase")
                                    || base.value().endsWith(".TestCase")
                                    || base.value().endsWith("TestCase"))) {
                        c.unittest = true;
                    }
                }
            }
            parent.classes.add(c);
            while (!at(i).is(":") && at(i).kind() != Kind.NEWLINE && at(i).kind() != Kind.END) {
                i++;
            }
            if (at(i).is(":")) {
                i++;
            }
            if (at(i).kind() == Kind.NEWLINE && at(i + 1).kind() == Kind.INDENT) {
                i += 2;
                block(c);
            } else {
                skipStatement(c);
            }
        }

        private void functionDef(Block scope, List<Deco> decorators) {
            if (at(i).is("async")) {
                i++;
            }
            Def f = new Def();
            f.line = at(i).line();
            i++;
            f.name = at(i).kind() == Kind.NAME ? at(i).text() : "?";
            f.decorators.addAll(decorators);
            i++;
            if (at(i).is("(")) {
                i++;
                int depth = 0;
                boolean expectName = true;
                while (at(i).kind() != Kind.END) {
                    Token tok = at(i);
                    if (tok.is("(") || tok.is("[") || tok.is("{")) {
                        depth++;
                    } else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                        if (depth == 0) {
                            i++;
                            break;
                        }
                        depth--;
                    } else if (depth == 0 && tok.is(",")) {
                        expectName = true;
                    } else if (depth == 0 && expectName && tok.kind() == Kind.NAME) {
                        f.params.add(tok.text());
                        expectName = false;
                    } else if (depth == 0 && expectName && (tok.is("*") || tok.is("**") || tok.is("/"))) {
                        // *args, **kwargs: not fixtures
                        expectName = false;
                    }
                    i++;
                }
            }
            scope.functions.add(f);
            skipBody();
        }
    }
}
