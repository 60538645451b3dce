package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import org.junit.jupiter.api.Test;

/** The fixes made to the shared XML reading while adding the other formats; the corpus test covers the rest. */
class JUnitXmlParserEdgeTest {
    private final JUnitXmlParser parser = new JUnitXmlParser();

    @Test
    void aSurefireReportWithAFlakyCaseParses() throws Exception {
        // Failed before SecureXml's fix: Woodstox 7 refuses a maximum entity count of 0 and the
        // reader class never initialised, so no XML report at all could be read.
        Parsed p = Parsed.parse(parser, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="org.acme.CartTest" tests="2">
                  <testcase name="adds" classname="org.acme.CartTest" time="0.01">
                    <flakyFailure message="expected 4" type="java.lang.AssertionError">
                      <stackTrace>java.lang.AssertionError: expected 4</stackTrace>
                    </flakyFailure>
                  </testcase>
                  <testcase name="empties" classname="org.acme.CartTest" time="0.02"/>
                </testsuite>""");
        TestCase adds = p.named("org.acme.CartTest", "adds");
        assertThat(adds.attempts()).extracting(a -> a.outcome()).containsExactly(Outcome.FAIL, Outcome.PASS);
        assertThat(adds.flaky()).isTrue();
        assertThat(p.named("org.acme.CartTest", "empties").finalOutcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void gradlesJUnit5MethodNamesAreTheMethodAsSurefireAndTheSourceNameIt() throws Exception {
        Parsed p = Parsed.parse(parser, """
                <testsuite name="com.acme.CartTest">
                  <testcase name="adds()" classname="com.acme.CartTest"/>
                  <testcase name="totals(TestInfo, String[])" classname="com.acme.CartTest"/>
                  <testcase name="adds an item()" classname="com.acme.cart.CartKtTest$Checkout"/>
                  <testcase name="[1] a, b" classname="com.acme.CartTest"/>
                  <testcase name="sums(String)[2]" classname="com.acme.CartTest"/>
                  <testcase name="Any.asymmetricMatch()" classname="Any"/>
                  <testcase name="renders()" classname="Cart renders a row"/>
                  <testcase name="f(g(x))" classname="com.acme.CartTest"/>
                </testsuite>""");
        assertThat(p.cases())
                .extracting(tc -> tc.id().id())
                .containsExactly(
                        "com.acme.CartTest::adds",
                        "com.acme.CartTest::totals",
                        "com.acme.cart.CartKtTest$Checkout::adds an item",
                        // parameterized invocations and other runners' names keep what they say
                        "com.acme.CartTest::[1] a, b",
                        "com.acme.CartTest::sums(String)[2]",
                        "Any::Any.asymmetricMatch()",
                        "Cart renders a row::renders()",
                        "com.acme.CartTest::f(g(x))");
    }

    @Test
    void prefixedElementsAreReadLikeTheSnifferRoutesThem() throws Exception {
        // The reader is not namespace-aware, so getLocalName() kept the prefix: the sniffer sent
        // <ns:testsuites> here and the parser refused it as "not a JUnit report".
        Parsed p = Parsed.parse(
                parser,
                "<ns:testsuites xmlns:ns=\"urn:x\"><ns:testsuite name=\"s\">"
                        + "<ns:testcase name=\"t\" classname=\"c\"><ns:failure message=\"m\"/></ns:testcase>"
                        + "</ns:testsuite></ns:testsuites>");
        assertThat(p.only().finalOutcome()).isEqualTo(Outcome.FAIL);
        assertThat(p.only().attempts().get(0).failure().message()).isEqualTo("m");
    }

    @Test
    void aDoctypeIsRefusedWithItsPosition() {
        ReportException e = Parsed.rejection(parser, """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
                <testsuite><testcase name="a">&lol2;</testcase></testsuite>""");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("DTD");
    }

    @Test
    void aFaultInsideLazilyReadTextIsAReportExceptionNotAnUncheckedOne() {
        // Woodstox reports a NUL inside a CDATA section with CRLF line ends only when the text is
        // read, as an unchecked exception (the corpus has one: NUnit-issue17521.xml).
        ReportException inRerun = Parsed.rejection(
                parser,
                "<testsuite><testcase name=\"a\">"
                        + "<rerunFailure message=\"m\"><![CDATA[first line\r\nbad \u0000 text]]></rerunFailure>"
                        + "</testcase></testsuite>");
        assertThat(inRerun.reason()).startsWith("malformed XML");
        assertThat(inRerun.line()).isEqualTo(2);
        ReportException inFailure = Parsed.rejection(
                parser,
                "<testsuite>\n<testcase name=\"a\">"
                        + "<failure message=\"m\"><![CDATA[first line\r\nbad \u0000 text]]></failure></testcase></testsuite>");
        assertThat(inFailure.line()).isEqualTo(3);
    }
}
