package io.flakelens.core.ingest;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.InputStream;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * xUnit.net's own XML (v1 {@code assembly/class/test}, v2 {@code assemblies/assembly/collection/test}).
 * Its {@code name} is a display name that may be anything, while {@code type} and {@code method}
 * are stable; but the display name is the only place a theory's arguments appear, and the model
 * keeps parameters in the name so each data row is its own test. So the name is the display name
 * minus the type when it starts with the type, else the method plus the display name's trailing
 * argument list. Errors outside any test (v2 {@code errors/error}: a failing class or collection
 * fixture cleanup, a fatal runner error) become ERROR cases named after the error type, since they
 * fail the run and would otherwise be lost.
 */
public final class XUnitXmlParser implements ReportParser {

    @Override
    public String format() {
        return "xunit";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws ReportException {
        XMLStreamReader r = SecureXml.open(in);
        int[] depth = {0};
        boolean sawRoot = false;
        int unnamed = 0;
        while (true) {
            int ev = SecureXml.next(r, depth);
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                break;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String el = SecureXml.local(r);
            if (!sawRoot) {
                sawRoot = true;
                if (!el.equals("assemblies") && !el.equals("assembly")) {
                    throw SecureXml.positioned(r, "not an xUnit.net report: root element <" + el + ">");
                }
            }
            switch (el) {
                case "test" -> {
                    String name = SecureXml.attr(r, "name");
                    String method = SecureXml.attr(r, "method");
                    if (name == null && method == null) {
                        name = "(unnamed " + (++unnamed) + ")";
                    }
                    sink.accept(readTest(r, depth, name, method), null);
                }
                case "error" -> sink.accept(readError(r, depth), null);
                case "traits", "output" -> SecureXml.skip(r, depth);
                default -> {}
            }
        }
        if (!sawRoot) {
            throw new ReportException("empty report: no root element", 1, 0);
        }
    }

    private static TestCase readTest(XMLStreamReader r, int[] depth, String name, String method)
            throws ReportException {
        String type = SecureXml.attr(r, "type");
        String result = SecureXml.attr(r, "result");
        long duration = SecureXml.seconds(SecureXml.attr(r, "time"));
        Outcome outcome = outcome(result);
        Failure failure = null;
        String reason = null;
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "<test>")) {
            switch (SecureXml.local(r)) {
                case "failure" -> failure = readFailure(r, depth);
                case "reason" -> reason = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_MESSAGE));
                default -> SecureXml.skip(r, depth);
            }
        }
        if (outcome == Outcome.PASS) {
            failure = null;
        } else if (outcome == Outcome.SKIP) {
            failure = reason == null ? null : new Failure(null, reason, null);
        } else if (failure == null) {
            failure = new Failure(null, result == null ? "no result" : "result " + result, null);
        }
        return new TestCase(identity(name, type, method), null, List.of(new Attempt(outcome, duration, failure)));
    }

    /** As the corpus oracle counts: anything but Pass, Fail, Skip and NotRun is an error. */
    static Outcome outcome(String result) {
        if (result == null) {
            return Outcome.ERROR;
        }
        return switch (result) {
            case "Pass" -> Outcome.PASS;
            case "Fail" -> Outcome.FAIL;
            case "Skip", "NotRun" -> Outcome.SKIP;
            default -> Outcome.ERROR;
        };
    }

    static TestId identity(String name, String type, String method) {
        if (name == null) {
            return new TestId(type, method);
        }
        if (type != null) {
            String rest = DottedNames.stripPrefix(name, type);
            if (rest.length() < name.length()) {
                return new TestId(type, rest);
            }
        }
        if (method != null) {
            return new TestId(type, method + trailingArguments(name));
        }
        return type != null ? new TestId(type, name) : DottedNames.split(name);
    }

    /** {@code (x: 1, y: "a")} at the end of a display name, or "". */
    static String trailingArguments(String name) {
        if (!name.endsWith(")")) {
            return "";
        }
        int depth = 0;
        for (int i = name.length() - 1; i >= 0; i--) {
            char c = name.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return name.substring(i);
            }
        }
        return "";
    }

    private static Failure readFailure(XMLStreamReader r, int[] depth) throws ReportException {
        String type = SecureXml.attr(r, "exception-type");
        String message = null;
        String trace = null;
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "<failure>")) {
            switch (SecureXml.local(r)) {
                case "message" -> message = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_MESSAGE));
                case "stack-trace" -> trace = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_DETAIL));
                default -> SecureXml.skip(r, depth);
            }
        }
        return new Failure(type, message, trace);
    }

    /** A v2 {@code <error type="test-class-cleanup" name="Ns.Class">} with its failure. */
    private static TestCase readError(XMLStreamReader r, int[] depth) throws ReportException {
        String type = SecureXml.attr(r, "type");
        String name = SecureXml.attr(r, "name");
        Failure failure = null;
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "<error>")) {
            if (SecureXml.local(r).equals("failure")) {
                failure = readFailure(r, depth);
            } else {
                SecureXml.skip(r, depth);
            }
        }
        String caseName = "(" + (type == null ? "error" : type) + ")";
        return new TestCase(
                new TestId(name, caseName),
                null,
                List.of(new Attempt(Outcome.ERROR, -1, failure != null ? failure : new Failure(type, null, null))));
    }
}
