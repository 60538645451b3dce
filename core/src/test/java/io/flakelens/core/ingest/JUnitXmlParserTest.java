package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JUnitXmlParserTest {
    private static List<TestCase> parse(String xml) throws Exception {
        List<TestCase> out = new ArrayList<>();
        new JUnitXmlParser()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), (tc, run) -> out.add(tc));
        return out;
    }

    private static String attempts(TestCase tc) {
        return tc.attempts().stream().map(a -> a.outcome().codeString()).collect(Collectors.joining());
    }

    @Test
    void surefireFlakyElementsAreFailedAttemptsBeforeTheFinalPass() throws Exception {
        List<TestCase> cases = parse("""
                <testsuite name="org.acme.FlakyTest">
                  <testcase name="testFlaky" classname="org.acme.FlakyTest" time="0.01">
                    <flakyFailure message="expected: &lt;1&gt;" type="org.opentest4j.AssertionFailedError">
                      <stackTrace>at org.acme.FlakyTest.testFlaky(FlakyTest.java:12)</stackTrace>
                      <system-out>noise</system-out>
                    </flakyFailure>
                    <flakyError message="boom" type="java.lang.IllegalStateException"/>
                  </testcase>
                </testsuite>""");
        assertThat(cases).hasSize(1);
        TestCase tc = cases.get(0);
        assertThat(tc.id().id()).isEqualTo("org.acme.FlakyTest::testFlaky");
        assertThat(attempts(tc)).isEqualTo("FEP");
        assertThat(tc.attempts().get(0).failure().message()).isEqualTo("expected: <1>");
        assertThat(tc.attempts().get(0).failure().detail())
                .contains("FlakyTest.java:12")
                .doesNotContain("noise");
        assertThat(tc.flaky()).isTrue();
    }

    @Test
    void surefireRerunElementsAreFailedAttemptsAfterTheFirstFailure() throws Exception {
        TestCase tc = parse("""
                <testsuite><testcase name="t" classname="C">
                  <failure message="first" type="AssertionError">trace 1</failure>
                  <rerunFailure message="second" type="AssertionError"><stackTrace>trace 2</stackTrace></rerunFailure>
                  <rerunError message="third" type="IOException"/>
                </testcase></testsuite>""").get(0);
        assertThat(attempts(tc)).isEqualTo("FFE");
        assertThat(tc.attempts().get(0).failure().detail()).isEqualTo("trace 1");
        assertThat(tc.attempts().get(1).failure().detail()).isEqualTo("trace 2");
        assertThat(tc.flaky()).isFalse();
    }

    @Test
    void gtestAndCtestStatusAttributesMarkSkips() throws Exception {
        List<TestCase> cases = parse("""
                <testsuites><testsuite name="Foo">
                  <testcase name="Runs" status="run" result="completed" classname="Foo"/>
                  <testcase name="DISABLED_Off" status="notrun" classname="Foo"/>
                  <testcase name="Skips" status="run" result="skipped" classname="Foo"><skipped message="x"/></testcase>
                  <testcase name="Suppressed" status="run" result="suppressed" classname="Foo"/>
                  <testcase name="CtestFail" status="fail" classname="Foo"/>
                </testsuite></testsuites>""");
        assertThat(cases)
                .extracting(TestCase::finalOutcome)
                .containsExactly(Outcome.PASS, Outcome.SKIP, Outcome.SKIP, Outcome.SKIP, Outcome.FAIL);
    }

    @Test
    void pytestXfailIsASkipAndTheInnermostNamedSuiteNamesCasesWithoutClassname() throws Exception {
        List<TestCase> cases = parse("""
                <testsuites><testsuite name="pytest">
                  <testcase classname="tests.test_x.TestA" name="test_y[1-2]"><skipped type="pytest.xfail" message="bug 1"/></testcase>
                </testsuite>
                <testsuite name="outer"><testsuite name="inner"><testcase name="bare"/></testsuite>
                  <testcase name="after"/></testsuite></testsuites>""");
        assertThat(cases)
                .extracting(c -> c.id().id())
                .containsExactly("tests.test_x.TestA::test_y[1-2]", "inner::bare", "outer::after");
        assertThat(cases.get(0).finalOutcome()).isEqualTo(Outcome.SKIP);
    }

    @Test
    void errorOutranksFailureInOneCaseAndTextsAreKept() throws Exception {
        TestCase tc = parse("""
                <testsuite name="s"><testcase name="t" classname="C" time="1,234.5">
                <failure message="f">ft</failure><error message="e" type="java.io.IOException"><![CDATA[at x.y(Z.java:1)]]></error>
                </testcase></testsuite>""").get(0);
        assertThat(tc.finalOutcome()).isEqualTo(Outcome.ERROR);
        assertThat(tc.attempts().get(0).failure().type()).isEqualTo("java.io.IOException");
        assertThat(tc.attempts().get(0).failure().detail()).isEqualTo("at x.y(Z.java:1)");
        assertThat(tc.attempts().get(0).durationMs()).isEqualTo(1_234_500);
    }

    @Test
    void refusesADoctypeSoExternalEntitiesAreNeverRead() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <testsuite><testcase name="&xxe;"/></testsuite>""";
        assertThatThrownBy(() -> parse(xxe))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("DTD")
                .satisfies(e -> assertThat(((ReportException) e).line()).isEqualTo(2));
    }

    @Test
    void refusesAnEntityExpansionBomb() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        bomb.append("]>\n<testsuite><testcase name=\"&lol9;\"/></testsuite>");
        assertThatThrownBy(() -> parse(bomb.toString()))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("DTD");
    }

    @Test
    void refusesAnUndeclaredEntityWithItsPosition() {
        assertThatThrownBy(() -> parse("<testsuite>\n  <testcase name=\"&nope;\"/></testsuite>"))
                .isInstanceOf(ReportException.class)
                .satisfies(e -> assertThat(((ReportException) e).line()).isEqualTo(2));
    }

    @Test
    void refusesNestingDeeperThanAnyRealReport() {
        String deep = "<testsuites>" + "<testsuite>".repeat(300) + "</testsuite>".repeat(300) + "</testsuites>";
        assertThatThrownBy(() -> parse(deep))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void aTruncatedReportIsRejectedWithTheLineWhereItEnds() {
        assertThatThrownBy(() -> parse("<testsuite>\n<testcase name=\"a\"/>\n<testcase name=\"b\">\n<fail"))
                .isInstanceOf(ReportException.class)
                .satisfies(e -> {
                    ReportException r = (ReportException) e;
                    assertThat(r.line()).isEqualTo(4);
                    assertThat(r.describe("x.xml")).startsWith("x.xml:4:");
                });
    }

    @Test
    void aDifferentXmlRootIsNotAJUnitReport() {
        assertThatThrownBy(() -> parse("<project><build/></project>"))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("not a JUnit report");
    }

    @Test
    void hugeFailureTextsAreCappedNotHeldWhole() throws Exception {
        String big = "x".repeat(5_000_000);
        TestCase tc = parse("<testsuite><testcase name=\"t\" classname=\"C\"><failure message=\"m\">" + big
                        + "</failure><system-out>" + big + "</system-out></testcase></testsuite>")
                .get(0);
        assertThat(tc.attempts().get(0).failure().detail()).hasSize(io.flakelens.core.model.Failure.MAX_DETAIL);
    }
}
