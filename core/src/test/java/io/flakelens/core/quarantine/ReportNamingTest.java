package io.flakelens.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.ingest.GoTestJsonParser;
import io.flakelens.core.ingest.JUnitXmlParser;
import io.flakelens.core.ingest.ReportParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Muted tests join with detection only if the scanner names a test exactly as the ingested report
 * does. Each report below is what the runner writes for the fixture repository's tests (pytest's
 * junitxml, Surefire, go test -json, jest-junit in its common configuration), parsed by the real
 * parsers; every muted id of that language must be among the ids they produce.
 */
class ReportNamingTest {
    private static Set<String> ids(ReportParser parser, String report) throws Exception {
        List<String> out = new ArrayList<>();
        parser.parse(
                new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)),
                (tc, run) -> out.add(tc.id().id()));
        return Set.copyOf(out);
    }

    private static Set<String> muted(Language language) throws Exception {
        return new QuarantineScanner(Markers.defaults())
                .scan(new FolderTree(FixtureRepo.path()), null).entries().stream()
                        .filter(e -> e.language() == language && !e.wholeSuite())
                        .map(e -> e.test().id())
                        .collect(Collectors.toSet());
    }

    @Test
    void pytestJunitXml() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="14">
                <testcase classname="tests.test_dcos" name="test_dcos_order" time="0.1"><skipped type="pytest.xfail" message="A reason"/></testcase>
                <testcase classname="tests.test_dcos" name="test_reversed_order" time="0.1"/>
                <testcase classname="tests.test_dcos" name="test_multiline" time="0.1"/>
                <testcase classname="tests.test_dcos" name="test_mark_alias" time="0.1"/>
                <testcase classname="tests.test_dcos" name="test_async_flaky" time="0.1"/>
                <testcase classname="tests.test_dcos" name="test_fixture_chain" time="0.1"/>
                <testcase classname="tests.test_dcos.TestAlpha" name="test_same" time="0.1"/>
                <testcase classname="tests.test_dcos.TestBeta" name="test_same" time="0.1"/>
                <testcase classname="tests.test_dcos.TestBeta.TestInner" name="test_same" time="0.1"/>
                <testcase classname="tests.test_dcos.TestGamma" name="test_same" time="0.1"/>
                <testcase classname="tests.test_module_mark" name="test_one" time="0.1"/>
                <testcase classname="tests.test_module_mark" name="test_two" time="0.1"/>
                <testcase classname="tests.sub.test_other" name="test_dcos_order" time="0.1"/>
                <testcase classname="tests.sub.test_other" name="test_needs_cluster" time="0.1"/>
                <testcase classname="tests.test_unittest.TestLegacy" name="test_old" time="0"><skipped message="flaky on py3.12 #88"/></testcase>
                <testcase classname="tests.test_unittest.TestLegacy" name="test_expected" time="0"/>
                </testsuite></testsuites>""";
        Set<String> reported = ids(new JUnitXmlParser(), xml);
        assertThat(reported).containsAll(muted(Language.PYTHON));
        assertThat(muted(Language.PYTHON)).hasSize(16);
    }

    @Test
    void surefireXml() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="com.acme.FooTest" tests="7">
                <testcase name="testBar" classname="com.acme.FooTest" time="0"><skipped message="flaky, see ACME-12"/></testcase>
                <testcase name="testIgnored" classname="com.acme.FooTest" time="0"><skipped/></testcase>
                <testcase name="testOnCi" classname="com.acme.FooTest" time="0"/>
                <testcase name="testTagged" classname="com.acme.FooTest" time="0"/>
                <testcase name="testTags" classname="com.acme.FooTest" time="0"/>
                <testcase name="testQualified" classname="com.acme.FooTest" time="0"/>
                <testcase name="testBar" classname="com.acme.FooTest$Inner" time="0"/>
                <testcase name="testDeep" classname="com.acme.FooTest$Inner$Deeper" time="0"/>
                <testcase name="testBar" classname="com.acme.BarTest" time="0"/>
                </testsuite>""";
        assertThat(ids(new JUnitXmlParser(), xml)).containsAll(muted(Language.JAVA));
        assertThat(muted(Language.JAVA)).hasSize(9);
    }

    @Test
    void goTestJson() throws Exception {
        String pkg = "github.com/acme/proj/pkg/store";
        String json = String.join(
                "\n",
                "{\"Action\":\"run\",\"Package\":\"" + pkg + "\",\"Test\":\"TestPut\"}",
                "{\"Action\":\"skip\",\"Package\":\"" + pkg + "\",\"Test\":\"TestPut\",\"Elapsed\":0}",
                "{\"Action\":\"run\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan\"}",
                "{\"Action\":\"run\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan/empty_range\"}",
                "{\"Action\":\"skip\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan/empty_range\",\"Elapsed\":0}",
                "{\"Action\":\"run\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan/full_range\"}",
                "{\"Action\":\"pass\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan/full_range\",\"Elapsed\":0}",
                "{\"Action\":\"pass\",\"Package\":\"" + pkg + "\",\"Test\":\"TestScan\",\"Elapsed\":0}",
                "{\"Action\":\"pass\",\"Package\":\"" + pkg + "\",\"Elapsed\":0.1}");
        assertThat(ids(new GoTestJsonParser(), json)).containsAll(muted(Language.GO));
        assertThat(muted(Language.GO)).containsExactlyInAnyOrder(pkg + "::TestPut", pkg + "::TestScan/empty_range");
    }

    @Test
    void jestJunitXml() throws Exception {
        // jest-junit with classNameTemplate "{classname}", titleTemplate "{title}", ancestorSeparator " › "
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="jest tests"><testsuite name="src/__tests__/cart.test.js" tests="6">
                <testcase classname="Cart" name="adds an item" time="0"><skipped/></testcase>
                <testcase classname="Cart" name="removes an item" time="0.001"/>
                <testcase classname="Cart › checkout" name="pays" time="0"><skipped/></testcase>
                <testcase classname="Cart › checkout" name="refunds" time="0"><skipped/></testcase>
                <testcase classname="Cart" name="totals" time="0"><skipped/></testcase>
                <testcase classname="" name="top level" time="0"><skipped/></testcase>
                </testsuite></testsuites>""";
        assertThat(ids(new JUnitXmlParser(), xml)).containsAll(muted(Language.JS));
        assertThat(muted(Language.JS)).hasSize(5);
    }
}
