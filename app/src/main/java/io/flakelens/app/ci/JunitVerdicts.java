package io.flakelens.app.ci;

import io.flakelens.core.gate.GateResult;
import io.flakelens.core.gate.Judged;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gate's verdict as JUnit XML, for CIs that show test reports (Jenkins' JUnit step, GitLab's
 * {@code artifacts:reports:junit}): one test case per failure, a failure let through as skipped
 * with the reason, one that fails the build as failing, with the reason and the original message.
 */
public final class JunitVerdicts {
    private JunitVerdicts() {}

    public static void write(GateResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "flakelens-gate");
            w.writeAttribute("tests", String.valueOf(r.judged().size()));
            w.writeAttribute("failures", String.valueOf(r.blocking()));
            w.writeAttribute("skipped", String.valueOf(r.letThrough()));
            w.writeAttribute("errors", "0");
            w.writeCharacters("\n");
            for (Judged j : r.judged()) {
                w.writeCharacters("  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", j.failure().id().suite());
                w.writeAttribute("name", j.failure().id().name());
                if (j.failure().file() != null) {
                    w.writeAttribute("file", j.failure().file());
                }
                if (j.failure().line() > 0) {
                    w.writeAttribute("line", String.valueOf(j.failure().line()));
                }
                if (j.letThrough()) {
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", xml(j.finding().label() + ": " + j.reason()));
                } else {
                    w.writeStartElement("failure");
                    w.writeAttribute("type", j.finding().label());
                    w.writeAttribute("message", xml(j.finding().label() + ": " + j.reason()));
                    w.writeCharacters(xml(j.failure().text()));
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** XML 1.0 has no way to write most control characters; test output has them now and then. */
    private static String xml(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "");
    }
}
