package io.flakelens.core.aggregate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a payload's verdict as JUnit XML so that CI shows it like any test report: one testsuite,
 * one testcase per judged test (its suite as classname), failing with the reason when the test fails
 * the judgement. The counts and history go to {@code system-out} so a reader of the CI page sees why.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static void write(PayloadVerdict v, OutputStream out) {
        try {
            Writer buffered = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(buffered);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            attr(w, "name", "flakelens aggregate");
            attr(w, "tests", v.tests().size());
            attr(w, "failures", v.failed());
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            attr(w, "name", "payload " + v.payload() + " on " + v.job());
            attr(w, "tests", v.tests().size());
            attr(w, "failures", v.failed());
            attr(w, "errors", 0);
            attr(w, "skipped", 0);
            if (v.firstRun() != null) {
                attr(w, "timestamp", v.firstRun().toString());
            }
            w.writeCharacters("\n");
            w.writeStartElement("properties");
            property(w, "payload", v.payload());
            property(w, "job", v.job());
            property(w, "runs", String.valueOf(v.runs()));
            property(w, "verdict", v.verdict().label());
            w.writeEndElement();
            w.writeCharacters("\n");
            for (Judgement j : v.tests()) {
                w.writeStartElement("testcase");
                attr(w, "classname", j.test().id().suite());
                attr(w, "name", j.test().id().name());
                attr(w, "time", "0");
                if (j.verdict() == Verdict.FAIL) {
                    w.writeStartElement("failure");
                    attr(w, "message", j.reason().text());
                    attr(w, "type", j.reason().code());
                    w.writeCharacters(xmlSafe(details(j)));
                    w.writeEndElement();
                } else {
                    w.writeStartElement("system-out");
                    w.writeCharacters(xmlSafe(details(j)));
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
            w.close();
            buffered.flush();
        } catch (XMLStreamException | IOException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }

    private static String details(Judgement j) {
        PayloadTest t = j.test();
        return j.reason().text() + "\nattempts " + t.attempts() + ", passes " + t.passes() + ", failures "
                + t.failures() + ", skips " + t.skips() + "; historical pass rate "
                + Math.round(j.historicalPassRate() * 1000) / 10.0 + "%" + (j.historyAssumed() ? " (assumed)" : "")
                + " over " + t.historyRuns() + " runs; required passes " + j.required();
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("property");
        attr(w, "name", name);
        attr(w, "value", value);
    }

    private static void attr(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        w.writeAttribute(name, xmlSafe(String.valueOf(value)));
    }

    /**
     * Test names from go test2json or TAP may hold control characters that XML 1.0 cannot carry even
     * escaped; they become U+FFFD so that the report stays readable by every CI.
     */
    static String xmlSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!allowed(s.charAt(i))) {
                StringBuilder sb = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    sb.append(allowed(c) ? c : '\uFFFD');
                }
                return sb.toString();
            }
        }
        return s;
    }

    private static boolean allowed(char c) {
        return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
    }
}
