package io.flakelens.core.ingest;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Visual Studio TRX. A result names its test only by {@code testId} and a display name; the class
 * is in {@code TestDefinitions}, which vstest writes after {@code Results}. A stream cannot look
 * ahead, so results read before the definitions are held until the definitions are read (only the
 * few fields a case needs, with failure texts under a shared budget beyond which they are cut
 * short), then every held and later result is emitted; results after the definitions stream
 * straight through. TRX files are written per test assembly and hold thousands of results at
 * most, so holding them costs little, while guessing the class from the display name would give a
 * test a different identity depending on where in the file its definition happened to be.
 */
public final class TrxParser implements ReportParser {
    /** Characters of failure text held across all buffered results before texts are cut short. */
    static final long HELD_TEXT_BUDGET = 8L << 20;
    /** What each held failure keeps once the budget is spent. */
    static final int HELD_TEXT_AFTER_BUDGET = 1_024;

    /** {@code [d.]hh:mm:ss[.fffffff]}, .NET's TimeSpan. */
    private static final Pattern TIMESPAN = Pattern.compile("^(?:(\\d+)\\.)?(\\d+):(\\d{1,2}):(\\d{1,2}(?:\\.\\d+)?)$");

    @Override
    public String format() {
        return "trx";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws ReportException {
        new Reading(SecureXml.open(in), sink).run();
    }

    /** One result as read, before its class is known. */
    private record Held(String testId, String testName, Outcome outcome, long durationMs, Failure failure) {}

    private record Definition(String className, String methodName) {}

    private static final class Reading {
        private final XMLStreamReader r;
        private final CaseSink sink;
        private final int[] depth = {0};
        private final Map<String, Definition> definitions = new HashMap<>();
        private final List<Held> held = new ArrayList<>();
        private boolean definitionsRead;
        private long heldText;

        Reading(XMLStreamReader r, CaseSink sink) {
            this.r = r;
            this.sink = sink;
        }

        void run() throws ReportException {
            boolean sawRoot = false;
            while (true) {
                int ev = SecureXml.next(r, depth);
                if (ev == XMLStreamConstants.END_DOCUMENT) {
                    break;
                }
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (SecureXml.local(r).equals("TestDefinitions")) {
                        definitionsRead = true;
                        flush();
                    }
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String el = SecureXml.local(r);
                if (!sawRoot) {
                    sawRoot = true;
                    if (!el.equals("TestRun")) {
                        throw SecureXml.positioned(r, "not a TRX report: root element <" + el + ">");
                    }
                    continue;
                }
                switch (el) {
                    case "UnitTestResult" -> readResult();
                    case "UnitTest" -> readDefinition();
                    case "TestSettings", "ResultSummary", "TestEntries", "TestLists", "Times" ->
                        SecureXml.skip(r, depth);
                    default -> {}
                }
            }
            if (!sawRoot) {
                throw new ReportException("empty report: no root element", 1, 0);
            }
            flush();
        }

        /** Reads one result and the inner results it holds (data rows, retries); each is a case. */
        private void readResult() throws ReportException {
            String testId = SecureXml.attr(r, "testId");
            String testName = SecureXml.attr(r, "testName");
            String outcomeText = SecureXml.attr(r, "outcome");
            long duration = timespan(SecureXml.attr(r, "duration"));
            String message = null;
            String trace = null;
            int start = depth[0];
            List<Held> inner = null;
            while (SecureXml.nextChild(r, depth, start, "<UnitTestResult>")) {
                switch (SecureXml.local(r)) {
                    case "Output", "ErrorInfo", "InnerResults" -> {
                        // Containers: descend into them.
                    }
                    case "Message" -> message = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_MESSAGE));
                    case "StackTrace" -> trace = SecureXml.stripToNull(SecureXml.text(r, depth, Failure.MAX_DETAIL));
                    case "UnitTestResult" -> readResult();
                    default -> SecureXml.skip(r, depth);
                }
            }
            Outcome outcome = outcome(outcomeText);
            Failure failure = null;
            if (outcome.failed()) {
                String why = message != null ? message : outcomeText == null ? "no outcome" : null;
                failure = new Failure(null, why, trace);
            } else if (outcome == Outcome.SKIP && message != null) {
                failure = new Failure(null, message, null);
            }
            if (testName == null) {
                testName = testId == null ? "(unnamed)" : testId;
            }
            Held h = new Held(testId, testName, outcome, duration, failure);
            if (definitionsRead) {
                emit(h);
            } else {
                hold(h);
            }
        }

        private void hold(Held h) {
            Failure f = h.failure();
            if (f != null) {
                long size = length(f.message()) + length(f.detail());
                if (heldText + size > HELD_TEXT_BUDGET) {
                    f = new Failure(f.type(), cut(f.message()), cut(f.detail()));
                    size = length(f.message()) + length(f.detail());
                    h = new Held(h.testId(), h.testName(), h.outcome(), h.durationMs(), f);
                }
                heldText += size;
            }
            held.add(h);
        }

        private void readDefinition() throws ReportException {
            String id = SecureXml.attr(r, "id");
            int start = depth[0];
            while (true) {
                int ev = SecureXml.next(r, depth);
                if (ev == XMLStreamConstants.END_ELEMENT && depth[0] < start) {
                    return;
                }
                if (ev == XMLStreamConstants.END_DOCUMENT) {
                    throw SecureXml.positioned(r, "document ended inside <UnitTest>");
                }
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (SecureXml.local(r).equals("TestMethod") && id != null) {
                        definitions.put(
                                id,
                                new Definition(className(SecureXml.attr(r, "className")), SecureXml.attr(r, "name")));
                    }
                    SecureXml.skip(r, depth);
                }
            }
        }

        private void flush() throws ReportException {
            for (Held h : held) {
                emit(h);
            }
            held.clear();
            heldText = 0;
        }

        private void emit(Held h) throws ReportException {
            Definition d = h.testId() == null ? null : definitions.get(h.testId());
            sink.accept(
                    new TestCase(
                            identity(h.testName(), d == null ? null : d.className()),
                            null,
                            List.of(new Attempt(h.outcome(), h.durationMs(), h.failure()))),
                    null);
        }
    }

    /**
     * The class from the definition; the name is the display name without that class (xUnit and
     * NUnit adapters write {@code Ns.Class.Method(args)}, MSTest writes the bare method). Without a
     * definition the display name is split at its last top-level dot.
     */
    static TestId identity(String testName, String className) {
        if (className == null) {
            return DottedNames.split(testName);
        }
        return new TestId(className, DottedNames.stripPrefix(testName, className));
    }

    /** MSTest writes an assembly-qualified class: {@code Ns.Class, Assembly, Version=1.0.0.0, ...}. */
    static String className(String s) {
        if (s == null) {
            return null;
        }
        int comma = s.indexOf(',');
        String c = (comma >= 0 ? s.substring(0, comma) : s).strip();
        return c.isEmpty() ? null : c;
    }

    /** As the corpus oracle counts: passed, failed, errors (missing outcome too); all else is not run. */
    static Outcome outcome(String outcome) {
        if (outcome == null) {
            return Outcome.ERROR;
        }
        return switch (outcome) {
            case "Passed", "PassedButRunAborted" -> Outcome.PASS;
            case "Failed" -> Outcome.FAIL;
            case "Error", "Timeout", "Aborted" -> Outcome.ERROR;
            default -> Outcome.SKIP;
        };
    }

    static long timespan(String s) {
        if (s == null) {
            return -1;
        }
        Matcher m = TIMESPAN.matcher(s.strip());
        if (!m.matches()) {
            return -1;
        }
        try {
            long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            long hours = Long.parseLong(m.group(2));
            long minutes = Long.parseLong(m.group(3));
            double seconds = Double.parseDouble(m.group(4));
            return Math.round(((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    private static String cut(String s) {
        return StorableText.cap(s, HELD_TEXT_AFTER_BUDGET);
    }
}
