package io.flakelens.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The JUnit verdict parses as XML whatever the test names hold, and fails exactly the failing tests. */
class JUnitReportTest {
    @Test
    void awkwardNamesStayWellFormedAndFailuresCarryTheReason() throws Exception {
        PayloadJudge judge = PayloadJudge.defaults();
        PayloadVerdict v = new PayloadVerdict(
                "4.18 <rc&1>",
                "e2e \"aws\"",
                10,
                null,
                null,
                List.of(
                        judge.judge(new PayloadTest(
                                new TestId("[sig-api] <a&b>", "it \"works\"\u0001"), 10, 2, 0, 100, 100)),
                        judge.judge(new PayloadTest(new TestId("s", "fine"), 10, 10, 0, 100, 100))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitReport.write(v, out);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("payload 4.18 <rc&1> on e2e \"aws\"");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element first = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("[sig-api] <a&b>");
        assertThat(first.getAttribute("name")).isEqualTo("it \"works\"\uFFFD");
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("passed 2 of 10, 8 required (history 100% over 100 runs)");
        assertThat(failure.getAttribute("type")).isEqualTo("too-few-passes");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }
}
