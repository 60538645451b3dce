package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XUnitXmlParserTest {
    private final XUnitXmlParser parser = new XUnitXmlParser();

    private static String v2(String tests) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<assemblies>\n"
                + "<assembly name=\"Shop.Tests.dll\" test-framework=\"xUnit.net 2.4.1\" total=\"1\">\n"
                + "<errors />\n<collection name=\"Test collection for Shop.Tests.CartTests\">\n"
                + tests + "\n</collection>\n</assembly>\n</assemblies>\n";
    }

    @ParameterizedTest(name = "result={0} -> {1}")
    @CsvSource({"Pass, PASS", "Fail, FAIL", "Skip, SKIP", "NotRun, SKIP", "Crashed, ERROR"})
    void resultsAsTheOracleCountsThem(String result, Outcome expected) throws Exception {
        Parsed p = Parsed.parse(
                parser,
                v2("<test name=\"Shop.Tests.CartTests.Adds\" type=\"Shop.Tests.CartTests\""
                        + " method=\"Adds\" result=\"" + result + "\" time=\"0.125\" />"));
        assertThat(p.only().finalOutcome()).isEqualTo(expected);
        assertThat(p.only().attempts().get(0).durationMs()).isEqualTo(125);
    }

    @Test
    void aTestWithoutResultIsAnError() throws Exception {
        Parsed p =
                Parsed.parse(parser, v2("<test name=\"Shop.Tests.CartTests.Adds\" type=\"Shop.Tests.CartTests\" />"));
        assertThat(p.only().finalOutcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void failuresKeepTypeMessageAndTraceAndSkipsTheirReason() throws Exception {
        Parsed p = Parsed.parse(parser, v2("""
                <test name="Shop.Tests.CartTests.Adds" type="Shop.Tests.CartTests" method="Adds" result="Fail" time="0.014">
                  <traits><trait name="Category" value="Fast" /></traits>
                  <output><![CDATA[log line]]></output>
                  <failure exception-type="Xunit.Sdk.EqualException">
                    <message><![CDATA[Assert.Equal() Failure
                Expected: 4
                Actual:   3]]></message>
                    <stack-trace><![CDATA[   at Shop.Tests.CartTests.Adds() in CartTests.cs:line 12]]></stack-trace>
                  </failure>
                </test>
                <test name="Shop.Tests.CartTests.Later" type="Shop.Tests.CartTests" method="Later" result="Skip" time="0">
                  <reason><![CDATA[not yet]]></reason>
                </test>"""));
        assertThat(p.cases().get(0).attempts().get(0))
                .isEqualTo(new Attempt(
                        Outcome.FAIL,
                        14,
                        new Failure(
                                "Xunit.Sdk.EqualException",
                                "Assert.Equal() Failure\nExpected: 4\nActual:   3",
                                "at Shop.Tests.CartTests.Adds() in CartTests.cs:line 12")));
        assertThat(p.cases().get(1).attempts().get(0).failure().message()).isEqualTo("not yet");
    }

    /** Theories stay one test per data row: the display name's arguments are kept. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "Shop.Tests.CartTests.Adds | Shop.Tests.CartTests | Adds | Adds",
                "Shop.Tests.CartTests.Sum(a: 1.5, b: \"x.y\") | Shop.Tests.CartTests | Sum | Sum(a: 1.5, b: \"x.y\")",
                "Adds two numbers | Shop.Tests.CartTests | Adds | Adds",
                "Adds two numbers(a: 1) | Shop.Tests.CartTests | Adds | Adds(a: 1)",
                "Shop.Tests.CartTests.Adds | Shop.Tests.CartTests | - | Adds",
                "Shop.Tests.Other.Adds | - | - | Adds"
            })
    void namesAreTheDisplayNameWithoutTheTypeElseTheMethodWithItsArguments(
            String name, String type, String method, String expected) {
        TestId id = XUnitXmlParser.identity(name, type, method);
        assertThat(id.name()).isEqualTo(expected);
        assertThat(id.suite()).isEqualTo(type == null ? "Shop.Tests.Other" : type);
    }

    @Test
    void version1AssemblyRootWithClassesAndNestedReasons() throws Exception {
        Parsed p = Parsed.parse(parser, """
                <assembly name="Shop.Tests.dll" test-framework="xUnit.net 1.9.0.1566" total="2">
                  <class name="Shop.Tests.CartTests" total="2">
                    <test name="Shop.Tests.CartTests.Adds" type="Shop.Tests.CartTests" method="Adds" result="Pass" time="0.153" />
                    <test name="Shop.Tests.CartTests.Later" type="Shop.Tests.CartTests" method="Later" result="Skip">
                      <reason><message>waiting for #12</message></reason>
                    </test>
                  </class>
                </assembly>""");
        assertThat(p.ids()).containsExactly("Shop.Tests.CartTests::Adds", "Shop.Tests.CartTests::Later");
        assertThat(p.cases().get(1).attempts().get(0).failure().message()).isEqualTo("waiting for #12");
    }

    @Test
    void errorsOutsideTestsBecomeErrorCases() throws Exception {
        Parsed p = Parsed.parse(parser, """
                <assemblies><assembly name="Shop.Tests.dll">
                  <errors>
                    <error type="test-class-cleanup" name="Shop.Tests.DbTests">
                      <failure exception-type="System.InvalidOperationException">
                        <message>connection still open</message>
                        <stack-trace>at Shop.Tests.DbTests.Dispose()</stack-trace>
                      </failure>
                    </error>
                  </errors>
                  <collection name="c"><test name="Shop.Tests.DbTests.Reads" type="Shop.Tests.DbTests" method="Reads" result="Pass" /></collection>
                </assembly></assemblies>""");
        Attempt cleanup =
                p.named("Shop.Tests.DbTests", "(test-class-cleanup)").attempts().get(0);
        assertThat(cleanup.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(cleanup.failure().type()).isEqualTo("System.InvalidOperationException");
        assertThat(cleanup.failure().message()).isEqualTo("connection still open");
        assertThat(p.named("Shop.Tests.DbTests", "Reads").finalOutcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void otherRootsAreRejectedWithTheirPosition() {
        ReportException e = Parsed.rejection(parser, "<?xml version=\"1.0\"?>\n\n<test-run/>");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains("not an xUnit.net report");
    }
}
