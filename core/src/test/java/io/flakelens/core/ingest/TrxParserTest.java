package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrxParserTest {
    private final TrxParser parser = new TrxParser();

    private static final String HEAD = "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<TestRun id=\"1\" name=\"ci\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n"
            + "<Times creation=\"2024-05-01T10:00:00\" />\n";

    private static String result(String id, String name, String outcome, String body) {
        return "<UnitTestResult executionId=\"e-" + id + "\" testId=\"" + id + "\" testName=\"" + name + "\""
                + " duration=\"00:00:01.2500000\"" + (outcome == null ? "" : " outcome=\"" + outcome + "\"")
                + (body == null ? " />" : ">" + body + "</UnitTestResult>") + "\n";
    }

    private static String definition(String id, String name, String className, String method) {
        return "<UnitTest name=\"" + name + "\" id=\"" + id + "\"><Execution id=\"e-" + id + "\" />"
                + "<TestMethod codeBase=\"Shop.Tests.dll\" className=\"" + className + "\" name=\"" + method + "\" />"
                + "</UnitTest>\n";
    }

    @Test
    void resultsBeforeDefinitionsTakeTheirClassFromTheDefinitions() throws Exception {
        String error =
                "<Output><StdOut>noise</StdOut><ErrorInfo><Message>Assert.Equal() Failure&#xD;\nExpected: 4</Message>"
                        + "<StackTrace>   at Shop.Tests.CartTests.Adds() in CartTests.cs:line 12</StackTrace></ErrorInfo></Output>";
        Parsed p = Parsed.parse(
                parser,
                HEAD + "<Results>\n"
                        + result("1", "Shop.Tests.CartTests.Adds", "Failed", error)
                        + result("2", "Should be even(i: 3)", "Passed", null)
                        + result("3", "Totals", "Passed", null)
                        + "</Results>\n<TestDefinitions>\n"
                        + definition("1", "Shop.Tests.CartTests.Adds", "Shop.Tests.CartTests", "Adds")
                        + definition("2", "Should be even(i: 3)", "Shop.Tests.CartTests", "Theory_With_Name")
                        + definition(
                                "3",
                                "Totals",
                                "Shop.Tests.LegacyTests, Shop.Tests, Version=1.0.0.0, Culture=neutral",
                                "Totals")
                        + "</TestDefinitions>\n</TestRun>\n");
        assertThat(p.cases().stream().map(c -> c.id()))
                .containsExactly(
                        new TestId("Shop.Tests.CartTests", "Adds"),
                        new TestId("Shop.Tests.CartTests", "Should be even(i: 3)"),
                        new TestId("Shop.Tests.LegacyTests", "Totals"));
        assertThat(p.cases().get(0).attempts().get(0))
                .isEqualTo(new Attempt(
                        Outcome.FAIL,
                        1250,
                        new Failure(
                                null,
                                "Assert.Equal() Failure\r\nExpected: 4",
                                "at Shop.Tests.CartTests.Adds() in CartTests.cs:line 12")));
    }

    @Test
    void withoutDefinitionsTheDisplayNameIsSplit() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                HEAD + "<Results>\n"
                        + result("1", "Shop.Tests.CartTests.Sum(a: 1.5)", "Passed", null)
                        + result("2", "TestMethod1", "Passed", null)
                        + "</Results>\n</TestRun>\n");
        assertThat(p.cases().stream().map(c -> c.id()))
                .containsExactly(new TestId("Shop.Tests.CartTests", "Sum(a: 1.5)"), new TestId("", "TestMethod1"));
    }

    @Test
    void definitionsBeforeResultsWorkToo() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                HEAD + "<TestDefinitions>\n"
                        + definition("1", "Adds", "Shop.Tests.CartTests", "Adds")
                        + "</TestDefinitions>\n<Results>\n" + result("1", "Adds", "Passed", null)
                        + "</Results>\n</TestRun>\n");
        assertThat(p.only().id()).isEqualTo(new TestId("Shop.Tests.CartTests", "Adds"));
    }

    @Test
    void innerResultsAreCasesOfTheirOwn() throws Exception {
        // MSTest data rows: the parent summarises its rows, and each row is a result.
        Parsed p = Parsed.parse(
                parser,
                HEAD + "<Results>\n"
                        + result(
                                "1",
                                "Rows",
                                "Failed",
                                "<InnerResults>"
                                        + result("1", "Rows (Data Row 0)", "Passed", null)
                                        + result(
                                                "1",
                                                "Rows (Data Row 1)",
                                                "Failed",
                                                "<Output><ErrorInfo><Message>row 1 broke</Message></ErrorInfo></Output>")
                                        + "</InnerResults>")
                        + "</Results>\n<TestDefinitions>" + definition("1", "Rows", "Shop.Tests.DataTests", "Rows")
                        + "</TestDefinitions>\n</TestRun>\n");
        assertThat(p.ids())
                .containsExactlyInAnyOrder(
                        "Shop.Tests.DataTests::Rows",
                        "Shop.Tests.DataTests::Rows (Data Row 0)",
                        "Shop.Tests.DataTests::Rows (Data Row 1)");
        assertThat(p.named("Shop.Tests.DataTests", "Rows (Data Row 1)")
                        .attempts()
                        .get(0)
                        .failure()
                        .message())
                .isEqualTo("row 1 broke");
    }

    @ParameterizedTest(name = "outcome={0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "Passed, PASS", "PassedButRunAborted, PASS", "Failed, FAIL", "Error, ERROR", "Timeout, ERROR",
                "Aborted, ERROR", "-, ERROR", "NotExecuted, SKIP", "NotRunnable, SKIP", "Inconclusive, SKIP",
                "Warning, SKIP", "Disconnected, SKIP"
            })
    void outcomesAsTheOracleCountsThem(String outcome, Outcome expected) throws Exception {
        Parsed p = Parsed.parse(parser, HEAD + "<Results>" + result("1", "A", outcome, null) + "</Results></TestRun>");
        assertThat(p.only().finalOutcome()).isEqualTo(expected);
        if (expected.failed()) {
            assertThat(p.only().attempts().get(0).failure()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                "00:00:00.1084258, 108",
                "00:01:02.5, 62500",
                "1.02:00:00, 93600000",
                "00:00:00, 0",
                "garbage, -1",
                "-, -1"
            })
    void durationsAreDotNetTimeSpans(String span, long ms) {
        assertThat(TrxParser.timespan(span)).isEqualTo(ms);
    }

    @Test
    void otherRootsAreRejectedWithTheirPosition() {
        ReportException e = Parsed.rejection(parser, "<?xml version=\"1.0\"?>\n<assemblies/>");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("not a TRX report");
    }
}
