package io.flakelens.core.ingest;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * The JUnit XML family: Surefire and Failsafe (with flaky and rerun elements), Ant, pytest, gtest,
 * go-junit-report, gotestsum, jest-junit, Karma, PHPUnit's nested suites, CTest and Bazel. They
 * agree on {@code testsuite/testcase} and differ in details handled here:
 * <ul>
 * <li>Surefire writes a flaky pass as a passing case with {@code flakyFailure}/{@code flakyError}
 * children (one per failed try) and a failure that stayed failed with {@code rerunFailure}
 * children: each child is an attempt.</li>
 * <li>gtest and CTest mark cases that did not run with {@code status}/{@code result} attributes
 * rather than a {@code skipped} child.</li>
 * <li>A case without a classname takes the innermost named suite as its suite.</li>
 * <li>Gradle names a JUnit 5 method by JUnit's legacy reporting name, {@code testFoo()} or
 * {@code testFoo(TestInfo)}, where Surefire and the source say {@code testFoo}: the parameter list
 * goes, so one test keeps one id whichever build tool ran it.</li>
 * </ul>
 * Repeated entries of one test in a report (pytest-rerunfailures) are read as further attempts by
 * the ingest, not here: the parser reports what each element says.
 */
public final class JUnitXmlParser implements ReportParser {
    private static final int MAX_TEXT = Failure.MAX_DETAIL;

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws ReportException {
        XMLStreamReader r = SecureXml.open(in);
        int[] depth = {0};
        Deque<String> suites = new ArrayDeque<>();
        Deque<Integer> suiteDepths = new ArrayDeque<>();
        boolean sawRoot = false;
        int unnamed = 0;
        while (true) {
            int ev = SecureXml.next(r, depth);
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                break;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                if (!suiteDepths.isEmpty() && suiteDepths.peek() > depth[0]) {
                    suiteDepths.pop();
                    suites.pop();
                }
                continue;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String el = SecureXml.local(r);
            if (!sawRoot) {
                sawRoot = true;
                if (!el.equals("testsuites") && !el.equals("testsuite") && !el.equals("testcase")) {
                    throw SecureXml.positioned(r, "not a JUnit report: root element <" + el + ">");
                }
            }
            switch (el) {
                case "testsuite" -> {
                    String name = SecureXml.attr(r, "name");
                    suites.push(name == null ? "" : name);
                    suiteDepths.push(depth[0]);
                }
                case "testcase" -> sink.accept(readCase(r, depth, innermost(suites), ++unnamed), null);
                case "system-out", "system-err", "properties" -> SecureXml.skip(r, depth);
                default -> {}
            }
        }
        if (!sawRoot) {
            throw new ReportException("empty report: no root element", 1, 0);
        }
    }

    private static String innermost(Deque<String> suites) {
        for (String s : suites) {
            if (!s.isEmpty()) {
                return s;
            }
        }
        return "";
    }

    /**
     * {@code testFoo()}, {@code testFoo(TestInfo, String[])} or Kotlin's {@code adds an item()} in a
     * JVM class ({@code com.acme.FooTest}, {@code Outer$Inner}) is the method {@code testFoo}. Names
     * from other runners (jest's {@code Any.asymmetricMatch()} under a describe title) keep their
     * parentheses: their classname is no dotted class name.
     */
    static String jvmMethodName(String suite, String name) {
        int n = name.length();
        if (n < 3 || name.charAt(n - 1) != ')' || suite == null || !jvmClass(suite)) {
            return name;
        }
        int open = name.indexOf('(');
        if (open <= 0 || name.indexOf('(', open + 1) >= 0 || name.indexOf(')') != n - 1) {
            return name;
        }
        for (int i = open + 1; i < n - 1; i++) {
            char c = name.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == ',' || c == ' ' || c == '[' || c == ']')) {
                return name;
            }
        }
        String method = name.substring(0, open);
        return method.isBlank() || method.indexOf('.') >= 0 ? name : method;
    }

    private static boolean jvmClass(String suite) {
        boolean start = true;
        for (int i = 0; i < suite.length(); i++) {
            char c = suite.charAt(i);
            if (c == '.') {
                if (start) {
                    return false;
                }
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    private static TestCase readCase(XMLStreamReader r, int[] depth, String suiteName, int ordinal)
            throws ReportException {
        String name = null;
        String classname = null;
        String cls = null;
        String file = null;
        String time = null;
        String status = null;
        String result = null;
        // One pass over the attributes: looking each up by name scans them all every time.
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String v = r.getAttributeValue(i);
            if (v.isEmpty()) {
                continue;
            }
            switch (r.getAttributeLocalName(i)) {
                case "name" -> name = v;
                case "classname" -> classname = v;
                case "class" -> cls = v;
                case "file" -> file = v;
                case "time" -> time = v;
                case "status" -> status = lower(v);
                case "result" -> result = lower(v);
                default -> {}
            }
        }
        if (name == null) {
            name = "(unnamed " + ordinal + ")";
        }
        String suite = classname != null ? classname : cls != null ? cls : suiteName;
        name = jvmMethodName(suite, name);
        long duration = SecureXml.seconds(time);

        List<Attempt> before = new ArrayList<>(2);
        List<Attempt> after = new ArrayList<>(2);
        Outcome main = null;
        Failure mainFailure = null;
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "<testcase>")) {
            String child = SecureXml.local(r);
            switch (child) {
                case "failure", "error", "skipped" -> {
                    Outcome o = switch (child) {
                        case "failure" -> Outcome.FAIL;
                        case "error" -> Outcome.ERROR;
                        default -> Outcome.SKIP;
                    };
                    String type = SecureXml.attr(r, "type");
                    String message = SecureXml.attr(r, "message");
                    String text = SecureXml.text(r, depth, MAX_TEXT);
                    if (main == null || rank(o) > rank(main)) {
                        main = o;
                        mainFailure = new Failure(type, message, text.isBlank() ? null : text);
                    }
                }
                case "flakyFailure", "flakyError" ->
                    before.add(rerun(r, depth, child.equals("flakyError") ? Outcome.ERROR : Outcome.FAIL));
                case "rerunFailure", "rerunError" ->
                    after.add(rerun(r, depth, child.equals("rerunError") ? Outcome.ERROR : Outcome.FAIL));
                default -> SecureXml.skip(r, depth);
            }
        }
        if (main == null) {
            main = fromStatus(status, result);
        }
        List<Attempt> attempts = new ArrayList<>(before.size() + 1 + after.size());
        attempts.addAll(before);
        attempts.add(new Attempt(main, duration, main == Outcome.PASS ? null : mainFailure));
        attempts.addAll(after);
        return new TestCase(new TestId(suite, name), file, attempts);
    }

    /** Error over failure over skip, as most tools rank a case with several result children. */
    private static int rank(Outcome o) {
        return switch (o) {
            case ERROR -> 3;
            case FAIL -> 2;
            case SKIP -> 1;
            case PASS -> 0;
        };
    }

    private static Outcome fromStatus(String status, String result) {
        if (result != null && (result.equals("skipped") || result.equals("suppressed"))) {
            return Outcome.SKIP;
        }
        if (status == null) {
            return Outcome.PASS;
        }
        return switch (status) {
            case "notrun", "disabled", "skipped", "ignored" -> Outcome.SKIP;
            case "fail", "failed", "failure" -> Outcome.FAIL;
            case "error" -> Outcome.ERROR;
            default -> Outcome.PASS;
        };
    }

    /** A Surefire flaky/rerun element: message and type attributes, stack trace in a child. */
    private static Attempt rerun(XMLStreamReader r, int[] depth, Outcome outcome) throws ReportException {
        String type = SecureXml.attr(r, "type");
        String message = SecureXml.attr(r, "message");
        long duration = SecureXml.seconds(SecureXml.attr(r, "time"));
        String trace = null;
        StringBuilder direct = new StringBuilder();
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "a rerun element", direct, MAX_TEXT)) {
            if (SecureXml.local(r).equals("stackTrace")) {
                trace = SecureXml.text(r, depth, MAX_TEXT);
            } else {
                SecureXml.skip(r, depth);
            }
        }
        if (trace == null && !direct.toString().isBlank()) {
            trace = direct.toString();
        }
        return new Attempt(outcome, duration, new Failure(type, message, trace));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
