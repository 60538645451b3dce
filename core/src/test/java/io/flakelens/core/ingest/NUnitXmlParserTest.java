package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NUnitXmlParserTest {
    private final NUnitXmlParser parser = new NUnitXmlParser();

    private static String nunit3(String cases) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<test-run id=\"0\" result=\"Failed\">\n"
                + "<test-suite type=\"Assembly\" name=\"Shop.Tests.dll\">\n"
                + "<test-suite type=\"TestFixture\" name=\"CartTests\" fullname=\"Shop.Tests.CartTests\">\n"
                + cases + "\n</test-suite>\n</test-suite>\n</test-run>\n";
    }

    private static String nunit2(String cases) {
        return "<?xml version=\"1.0\"?>\n<test-results name=\"Shop.Tests.dll\" total=\"1\">\n"
                + "<test-suite type=\"Assembly\" name=\"Shop.Tests.dll\"><results>\n" + cases
                + "\n</results></test-suite>\n</test-results>\n";
    }

    /** The oracle's NUnit 3 words, with the label deciding between a failure and an error. */
    @ParameterizedTest(name = "result={0} label={1} -> {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "Passed, -, PASS",
                "Warning, -, PASS",
                "Failed, -, FAIL",
                "Failed, Error, ERROR",
                "Failed, Cancelled, ERROR",
                "Failed, Invalid, ERROR",
                "Failed, Test exceeded Timeout value 1ms., FAIL",
                "Skipped, Ignored, SKIP",
                "Skipped, Invalid, SKIP",
                "Inconclusive, -, SKIP"
            })
    void nunit3ResultsAndLabels(String result, String label, Outcome expected) throws Exception {
        String labelAttr = label == null ? "" : " label=\"" + label + "\"";
        Parsed p = Parsed.parse(
                parser,
                nunit3("<test-case name=\"Adds\" fullname=\"Shop.Tests.CartTests.Adds\""
                        + " classname=\"Shop.Tests.CartTests\" methodname=\"Adds\" result=\"" + result + "\""
                        + labelAttr
                        + " duration=\"0.25\" />"));
        Attempt a = p.only().attempts().get(0);
        assertThat(a.outcome()).isEqualTo(expected);
        assertThat(a.durationMs()).isEqualTo(250);
    }

    @Test
    void nunit3CaseWithoutResultFallsBackOnItsRunState() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                nunit3("<test-case name=\"A\" fullname=\"Shop.Tests.CartTests.A\" runstate=\"Explicit\" />"
                        + "<test-case name=\"B\" fullname=\"Shop.Tests.CartTests.B\" runstate=\"Runnable\" />"));
        assertThat(p.cases().get(0).finalOutcome()).isEqualTo(Outcome.SKIP);
        assertThat(p.cases().get(1).finalOutcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void nunit3FailureKeepsMessageTypeAndStackTraceAndSkipsKeepTheirReason() throws Exception {
        Parsed p = Parsed.parse(parser, nunit3("""
                <test-case name="Divides(1.5,&quot;a.b&quot;)" fullname="Shop.Tests.CartTests.Divides(1.5,&quot;a.b&quot;)"
                    classname="Shop.Tests.CartTests" methodname="Divides" result="Failed" label="Error" duration="0.001">
                  <failure>
                    <message><![CDATA[System.DivideByZeroException : Attempted to divide by zero.]]></message>
                    <stack-trace><![CDATA[   at Shop.Cart.Div(Int32 a) in Cart.cs:line 9]]></stack-trace>
                  </failure>
                  <output><![CDATA[some console output]]></output>
                </test-case>
                <test-case name="Later" fullname="Shop.Tests.CartTests.Later" classname="Shop.Tests.CartTests"
                    result="Skipped" label="Ignored">
                  <reason><message><![CDATA[not yet]]></message></reason>
                </test-case>
                <test-case name="Slow" fullname="Shop.Tests.CartTests.Slow" classname="Shop.Tests.CartTests"
                    result="Failed" label="Test exceeded Timeout value 1ms." />"""));
        Attempt divides = p.named("Shop.Tests.CartTests", "Divides(1.5,\"a.b\")")
                .attempts()
                .get(0);
        assertThat(divides.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(divides.failure())
                .isEqualTo(new Failure(
                        "System.DivideByZeroException",
                        "System.DivideByZeroException : Attempted to divide by zero.",
                        "at Shop.Cart.Div(Int32 a) in Cart.cs:line 9"));
        assertThat(p.named("Shop.Tests.CartTests", "Later")
                        .attempts()
                        .get(0)
                        .failure()
                        .message())
                .isEqualTo("not yet");
        assertThat(p.named("Shop.Tests.CartTests", "Slow")
                        .attempts()
                        .get(0)
                        .failure()
                        .message())
                .isEqualTo("Test exceeded Timeout value 1ms.");
    }

    @Test
    void nunit3WithoutClassnameSplitsTheFullNameOutsideArguments() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                nunit3(
                        "<test-case name=\"Test1\" fullname=\"Shop.Tests.Generic&lt;Double&gt;(11.5d).Test1\" result=\"Passed\" />"
                                + "<test-case name=\"M(2.5)\" fullname=\"Shop.Tests.Fixture.M(2.5)\" result=\"Passed\" />"));
        assertThat(p.cases().get(0).id()).isEqualTo(new TestId("Shop.Tests.Generic<Double>(11.5d)", "Test1"));
        assertThat(p.cases().get(1).id()).isEqualTo(new TestId("Shop.Tests.Fixture", "M(2.5)"));
    }

    /** The oracle's NUnit 2 words; executed="False" and a failure child decide only without a known result. */
    @ParameterizedTest(name = "result={0} executed={1} -> {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "Success, True, -, PASS",
                "Failure, True, -, FAIL",
                "Error, True, -, ERROR",
                "Ignored, False, -, SKIP",
                "Skipped, False, -, SKIP",
                "NotRunnable, False, -, SKIP",
                "Inconclusive, True, -, SKIP",
                "Cancelled, True, -, SKIP",
                "-, False, -, SKIP",
                "-, True, <failure><message>boom</message></failure>, FAIL",
                "-, True, -, PASS"
            })
    void nunit2Results(String result, String executed, String body, Outcome expected) throws Exception {
        String resultAttr = result == null ? "" : " result=\"" + result + "\"";
        Parsed p = Parsed.parse(
                parser,
                nunit2("<test-case name=\"Shop.Tests.CartTests.Adds\" executed=\""
                        + executed + "\"" + resultAttr + " success=\"True\" time=\"1.5\">" + (body == null ? "" : body)
                        + "</test-case>"));
        assertThat(p.only().finalOutcome()).isEqualTo(expected);
    }

    @Test
    void nunit2FullNamesSplitAtTheLastDotOutsideParametersAndQuotes() throws Exception {
        Parsed p = Parsed.parse(parser, nunit2("""
                <test-case name="Ns.Class.Method(1.5,&quot;a.b&quot;)" executed="True" result="Failure" time="0.013">
                  <failure>
                    <message><![CDATA[Intentional failure]]></message>
                    <stack-trace><![CDATA[at Ns.Class.Method () in Mock.cs:121
                ]]></stack-trace>
                  </failure>
                </test-case>
                <test-case name="Ns.Class.Ignored" executed="False" result="Ignored">
                  <reason><message><![CDATA[ignoring this test method for now]]></message></reason>
                </test-case>
                <test-case name="Standalone" executed="True" result="Success" />"""));
        assertThat(p.ids()).containsExactly("Ns.Class::Method(1.5,\"a.b\")", "Ns.Class::Ignored", "Standalone");
        Attempt failed = p.cases().get(0).attempts().get(0);
        assertThat(failed)
                .isEqualTo(new Attempt(
                        Outcome.FAIL,
                        13,
                        new Failure(null, "Intentional failure", "at Ns.Class.Method () in Mock.cs:121")));
        assertThat(p.cases().get(1).attempts().get(0).failure().message())
                .isEqualTo("ignoring this test method for now");
        assertThat(p.cases().get(2).attempts().get(0).failure()).isNull();
    }

    @Test
    void theVocabularyIsChosenPerCaseSoMixedFilesCountAsTheOracleDoes() throws Exception {
        // A test-run root (NUnit 3) with NUnit 2 words, as some converters write.
        Parsed p = Parsed.parse(
                parser,
                nunit3(
                        "<test-case name=\"Ns.C.A\" result=\"Success\" /><test-case name=\"Ns.C.B\" result=\"Failure\" />"));
        assertThat(p.cases().stream().map(c -> c.finalOutcome())).containsExactly(Outcome.PASS, Outcome.FAIL);
    }

    @Test
    void aBareTestSuiteFragmentIsRead() throws Exception {
        Parsed p = Parsed.parse(parser, """
                <test-suite type="TestFixture" name="CryptTests" executed="True" result="Success">
                  <results>
                    <test-case name="Base.Tests.CryptTests.Hash(&quot;pass&quot;)" executed="True" result="Success" time="0.01" />
                  </results>
                </test-suite>""");
        assertThat(p.only().id()).isEqualTo(new TestId("Base.Tests.CryptTests", "Hash(\"pass\")"));
    }

    @Test
    void otherRootsAndDoctypesAreRejectedWithTheirPosition() {
        ReportException other = Parsed.rejection(parser, "<?xml version=\"1.0\"?>\n<testsuites/>");
        assertThat(other.line()).isEqualTo(2);
        assertThat(other.reason()).contains("not an NUnit report");
        ReportException dtd = Parsed.rejection(parser, """
                <?xml version="1.0"?>
                <!DOCTYPE test [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <test-results><test-case name="A.B" result="Success">&xxe;</test-case></test-results>""");
        assertThat(dtd.line()).isEqualTo(2);
        assertThat(dtd.reason()).contains("DTD");
    }

    @Test
    void aNulCharacterInsideTextIsAPositionedRejection() {
        ReportException e = Parsed.rejection(
                parser,
                nunit2(
                        "<test-case name=\"A.B\" result=\"Failure\"><failure><message><![CDATA[line\r\nbad \u0000 char]]>"
                                + "</message></failure></test-case>"));
        assertThat(e.line()).isPositive();
        assertThat(e.reason()).startsWith("malformed XML");
    }
}
