package io.flakelens.core.ingest;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * NUnit 2 and NUnit 3 share the element name {@code test-case} but not its vocabulary: NUnit 2
 * says {@code result="Failure"} and puts the full name in {@code name}, NUnit 3 says
 * {@code result="Failed" label="Error"} and splits the name into {@code classname} and
 * {@code methodname}. Files mix them (converters, Jenkins plugins), so the vocabulary is chosen per
 * case, by the rule the corpus oracle ({@code oracle.py}) states, rather than once per file. The
 * NUnit 2 failure child decides only when the result attribute says nothing, as the oracle does.
 */
public final class NUnitXmlParser implements ReportParser {
    private static final Set<String> V2 = Set.of("Success", "Failure", "Error", "Ignored", "NotRunnable", "Cancelled");
    private static final Set<String> V3 = Set.of("Passed", "Failed", "Warning");
    private static final Set<String> NOT_RUN = Set.of("Skipped", "Ignored", "NotRunnable", "Explicit");
    /** {@code System.InvalidOperationException : msg}: NUnit 3 writes the exception type first. */
    private static final Pattern TYPED_MESSAGE = Pattern.compile("^([A-Za-z_][\\w.`+]*(Exception|Error)) : ");

    @Override
    public String format() {
        return "nunit";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws ReportException {
        XMLStreamReader r = SecureXml.open(in);
        int[] depth = {0};
        String root = null;
        int[] unnamed = {0};
        while (true) {
            int ev = SecureXml.next(r, depth);
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                break;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String el = SecureXml.local(r);
            if (root == null) {
                root = el;
                if (!el.equals("test-run") && !el.equals("test-results") && !el.equals("test-suite")) {
                    throw SecureXml.positioned(r, "not an NUnit report: root element <" + el + ">");
                }
            }
            switch (el) {
                case "test-case" -> sink.accept(readCase(r, depth, root.equals("test-results"), unnamed), null);
                case "environment",
                        "settings",
                        "properties",
                        "command-line",
                        "filter",
                        "output",
                        "categories",
                        "culture-info" -> SecureXml.skip(r, depth);
                default -> {}
            }
        }
        if (root == null) {
            throw new ReportException("empty report: no root element", 1, 0);
        }
    }

    private static TestCase readCase(XMLStreamReader r, int[] depth, boolean nunit2Root, int[] unnamed)
            throws ReportException {
        String name = SecureXml.attr(r, "name");
        String fullname = SecureXml.attr(r, "fullname");
        String classname = SecureXml.attr(r, "classname");
        String result = SecureXml.attr(r, "result");
        String label = SecureXml.attr(r, "label");
        String executed = SecureXml.attr(r, "executed");
        String runstate = SecureXml.attr(r, "runstate");
        String seconds = SecureXml.attr(r, "duration");
        long duration = SecureXml.seconds(seconds != null ? seconds : SecureXml.attr(r, "time"));

        String failMessage = null;
        String trace = null;
        String reason = null;
        boolean failureChild = false;
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "<test-case>")) {
            String el = SecureXml.local(r);
            if (el.equals("failure")) {
                failureChild = true;
                String[] mt = messageAndTrace(r, depth);
                failMessage = mt[0];
                trace = mt[1];
            } else if (el.equals("reason")) {
                reason = messageAndTrace(r, depth)[0];
            } else {
                SecureXml.skip(r, depth);
            }
        }

        Outcome outcome = outcome(result == null ? "" : result, label, executed, runstate, failureChild, nunit2Root);
        Failure failure = null;
        if (outcome.failed()) {
            String type = null;
            if (failMessage != null) {
                Matcher m = TYPED_MESSAGE.matcher(failMessage);
                if (m.find()) {
                    type = m.group(1);
                }
            }
            // NUnit 3 says why a case with no failure text failed in its label ("Test exceeded Timeout value").
            failure = new Failure(type, failMessage != null ? failMessage : label, trace);
        } else if (outcome == Outcome.SKIP && (reason != null || failMessage != null)) {
            failure = new Failure(null, reason != null ? reason : failMessage, null);
        }
        if (name == null && fullname == null) {
            name = "(unnamed " + (++unnamed[0]) + ")";
        }
        return new TestCase(
                identity(name, fullname, classname), null, List.of(new Attempt(outcome, duration, failure)));
    }

    /** The oracle's per-case rule: NUnit 3 words win, NUnit 2 words win, else the root decides. */
    static Outcome outcome(
            String res, String label, String executed, String runstate, boolean failureChild, boolean nunit2Root) {
        boolean v3 = V3.contains(res) || (!V2.contains(res) && !nunit2Root);
        if (v3) {
            return switch (res) {
                case "Failed" ->
                    "Error".equals(label) || "Cancelled".equals(label) || "Invalid".equals(label)
                            ? Outcome.ERROR
                            : Outcome.FAIL;
                case "Skipped", "Inconclusive" -> Outcome.SKIP;
                case "Passed", "Warning" -> Outcome.PASS;
                default -> runstate != null && NOT_RUN.contains(runstate) ? Outcome.SKIP : Outcome.PASS;
            };
        }
        return switch (res) {
            case "Success" -> Outcome.PASS;
            case "Failure" -> Outcome.FAIL;
            case "Error" -> Outcome.ERROR;
            case "Ignored", "Skipped", "NotRunnable", "Inconclusive", "Cancelled" -> Outcome.SKIP;
            default -> "False".equals(executed) ? Outcome.SKIP : failureChild ? Outcome.FAIL : Outcome.PASS;
        };
    }

    /**
     * Suite and name: NUnit 3's classname when given, with the name as the full name minus that
     * class (so parameters stay in the name); otherwise the full name split at its last top-level dot.
     */
    static TestId identity(String name, String fullname, String classname) {
        String full = fullname != null ? fullname : name;
        if (classname != null) {
            String rest = DottedNames.stripPrefix(full, classname);
            boolean stripped = rest.length() < full.length();
            return new TestId(classname, stripped || name == null ? rest : name);
        }
        return DottedNames.split(full);
    }

    /** Reads {@code <message>} and {@code <stack-trace>} children of a failure or reason element. */
    private static String[] messageAndTrace(XMLStreamReader r, int[] depth) throws ReportException {
        String message = null;
        String trace = null;
        StringBuilder direct = new StringBuilder();
        int start = depth[0];
        while (SecureXml.nextChild(r, depth, start, "a result element", direct, Failure.MAX_MESSAGE)) {
            switch (SecureXml.local(r)) {
                case "message" -> message = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_MESSAGE));
                case "stack-trace" -> trace = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_DETAIL));
                default -> SecureXml.skip(r, depth);
            }
        }
        if (message == null) {
            message = SecureXml.stripToNull(direct.toString());
        }
        return new String[] {message, trace};
    }
}
