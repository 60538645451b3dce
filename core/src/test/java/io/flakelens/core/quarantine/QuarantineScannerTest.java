package io.flakelens.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture repository holds every marker form Flakelens knows, in every language, plus
 * look-alikes in comments, strings, docstrings, raw strings, template literals and regexes. The
 * list below is the whole truth: a missed, extra or misnamed entry fails the test.
 */
class QuarantineScannerTest {
    @TempDir
    Path dir;

    static final List<String> EXPECTED = List.of(
            "go/pkg/store/store_test.go:12 test github.com/acme/proj/pkg/store::TestPut @t.Skip #123 | flaky: races the compactor, see #123 | null",
            "go/pkg/store/store_test.go:23 test github.com/acme/proj/pkg/store::TestScan/empty_range @t.Skipf STORE-7 | quarantined: %s | null",
            "java/src/test/java/com/acme/BarTest.java:6 test com.acme.BarTest::testBar @Test ACME-99 | flaky under load ACME-99 | null",
            "java/src/test/java/com/acme/FooTest.java:16 test com.acme.FooTest::testBar @Disabled ACME-12 | flaky, see ACME-12 | null",
            "java/src/test/java/com/acme/FooTest.java:20 test com.acme.FooTest::testIgnored @Ignore null | null | null",
            "java/src/test/java/com/acme/FooTest.java:26 test com.acme.FooTest::testOnCi @DisabledIfEnvironmentVariable #31 | times out on CI #31 | null",
            "java/src/test/java/com/acme/FooTest.java:34 test com.acme.FooTest::testTagged @Tag null | null | null",
            "java/src/test/java/com/acme/FooTest.java:44 test com.acme.FooTest::testTags @Tag null | null | null",
            "java/src/test/java/com/acme/FooTest.java:48 test com.acme.FooTest::testQualified @org.junit.jupiter.api.Disabled null | qualified name | null",
            "java/src/test/java/com/acme/FooTest.java:58 class com.acme.FooTest$Inner$Deeper::testDeep @Disabled JIRA-5 | whole nested class JIRA-5 | null",
            "java/src/test/java/com/acme/FooTest.java:58 class com.acme.FooTest$Inner::testBar @Disabled JIRA-5 | whole nested class JIRA-5 | null",
            "java/src/test/java/com/acme/FooTest.java:73 class com.acme.EmptyIgnoredTest::* @Ignore null | no tests visible here | null",
            "js/src/__tests__/cart.test.js:7 test Cart::adds an item @it.skip WEB-101 | flaky on CI, WEB-101 | null",
            "js/src/__tests__/cart.test.js:13 class Cart › checkout::pays @describe.skip null | null | null",
            "js/src/__tests__/cart.test.js:13 class Cart › checkout::refunds @describe.skip null | null | null",
            "js/src/__tests__/cart.test.js:20 test Cart::totals @xit null | null | null",
            "js/src/__tests__/cart.test.js:23 test src/__tests__/cart.test.js::top level @test.skip null | null | null",
            "js/src/__tests__/cart.test.js:25 class Empty muted block::* @xdescribe null | null | null",
            "tests/conftest.py:5 fixture tests.sub.test_other::test_needs_cluster @pytest.mark.xfailflake DCOS-900 | cluster setup races the agents | 2019-03-01",
            "tests/conftest.py:5 fixture tests.test_dcos.TestBeta.TestInner::test_same @pytest.mark.xfailflake DCOS-900 | cluster setup races the agents | 2019-03-01",
            "tests/conftest.py:5 fixture tests.test_dcos.TestBeta::test_same @pytest.mark.xfailflake DCOS-900 | cluster setup races the agents | 2019-03-01",
            "tests/conftest.py:5 fixture tests.test_dcos.TestGamma::test_same @pytest.mark.xfailflake DCOS-900 | cluster setup races the agents | 2019-03-01",
            "tests/conftest.py:5 fixture tests.test_dcos::test_fixture_chain @pytest.mark.xfailflake DCOS-900 | cluster setup races the agents | 2019-03-01",
            "tests/sub/test_other.py:4 test tests.sub.test_other::test_dcos_order @pytest.mark.xfail null | same name, other file | null",
            "tests/test_dcos.py:12 test tests.test_dcos::test_dcos_order @pytest.mark.xfailflake DCOS-1337 | A reason, with a comma (and parens) | 2019-01-25",
            "tests/test_dcos.py:21 test tests.test_dcos::test_reversed_order @pytest.mark.xfailflake DCOS_OSS-4568 | reason first | 2019-02-02",
            "tests/test_dcos.py:28 test tests.test_dcos::test_multiline @pytest.mark.xfail https://github.com/acme/proj/issues/77 | flaky on {platform()} see https://github.com/acme/proj/issues/77 | null",
            "tests/test_dcos.py:35 test tests.test_dcos::test_mark_alias @mark.skip #42 | bare positional reason #42 | null",
            "tests/test_dcos.py:40 test tests.test_dcos::test_async_flaky @pytest.mark.flaky null | null | null",
            "tests/test_dcos.py:52 class tests.test_dcos.TestAlpha::test_same @pytest.mark.xfail null | lambda: call(nested(1, (2, 3)), key=\"x)\") | null",
            "tests/test_dcos.py:62 class tests.test_dcos.TestBeta.TestInner::test_same @pytest.mark.skip JIRA-77 | beta is flaky JIRA-77 | null",
            "tests/test_dcos.py:62 class tests.test_dcos.TestBeta::test_same @pytest.mark.skip JIRA-77 | beta is flaky JIRA-77 | null",
            "tests/test_dcos.py:68 test tests.test_dcos.TestBeta.TestInner::test_same @pytest.mark.xfailflake DCOS-2 | inner | null",
            "tests/test_module_mark.py:3 module tests.test_module_mark::test_one @pytest.mark.xfailflake DCOS-3 | whole module | null",
            "tests/test_module_mark.py:3 module tests.test_module_mark::test_two @pytest.mark.xfailflake DCOS-3 | whole module | null",
            "tests/test_unittest.py:5 test tests.test_unittest.TestLegacy::test_old @unittest.skip #88 | flaky on py3.12 #88 | null",
            "tests/test_unittest.py:9 test tests.test_unittest.TestLegacy::test_expected @unittest.expectedFailure null | null | null");

    @Test
    void everyMarkerFormInEveryLanguageIsFoundAndNamedAsReportsNameIt() throws Exception {
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(FixtureRepo.path()), null);
        assertThat(r.entries()).map(FixtureRepo::line).containsExactlyElementsOf(EXPECTED);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.files()).isEqualTo(9);
    }

    @Test
    void sameNamedTestsInDifferentClassesAndFilesKeepDistinctIds() throws Exception {
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(FixtureRepo.path()), null);
        assertThat(r.entries().stream()
                        .filter(e -> e.test().name().equals("test_same"))
                        .map(e -> e.test().id())
                        .distinct())
                .containsExactlyInAnyOrder(
                        "tests.test_dcos.TestAlpha::test_same",
                        "tests.test_dcos.TestBeta::test_same",
                        "tests.test_dcos.TestBeta.TestInner::test_same",
                        "tests.test_dcos.TestGamma::test_same");
        assertThat(r.entries().stream()
                        .filter(e -> e.test().name().equals("test_dcos_order"))
                        .map(e -> e.test().id()))
                .containsExactlyInAnyOrder("tests.test_dcos::test_dcos_order", "tests.sub.test_other::test_dcos_order");
    }

    @Test
    void pathGlobsLimitTheScanButConftestFixturesStillReachTheirTests() throws Exception {
        ScanResult r = new QuarantineScanner(
                        Markers.defaults(), List.of("tests/sub/**"), QuarantineScanner.DEFAULT_MAX_BYTES)
                .scan(new FolderTree(FixtureRepo.path()), null);
        assertThat(r.entries())
                .map(e -> e.test().id() + " " + e.scope().label())
                .containsExactly(
                        "tests.sub.test_other::test_needs_cluster fixture",
                        "tests.sub.test_other::test_dcos_order test");
    }

    @Test
    void garbageIsSkippedWithAWarningNamingTheFileAndTheScanCompletes() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.write(dir.resolve("src/BinaryTest.java"), new byte[] {'c', 'l', 0, 1, 2, 3});
        Files.write(
                dir.resolve("src/Latin1Test.java"),
                "class Latin1Test { @Disabled(\"caf\u00e9\") void t() {} }".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("src/BrokenTest.java"), "class BrokenTest {\n  @Disabled\n  void t( {\n}\n");
        Files.writeString(dir.resolve("test_huge.py"), "# padding\n".repeat(300_000));
        Files.writeString(dir.resolve("test_unterminated.py"), "@pytest.mark.skip(reason='oops\ndef test_x(): pass\n");
        Files.writeString(dir.resolve("src/GoodTest.java"), "class GoodTest { @Disabled void t() {} }");
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(dir), null);
        assertThat(r.entries()).map(e -> e.test().id()).containsExactly("GoodTest::t");
        assertThat(r.warnings())
                .map(ScanWarning::toString)
                .satisfiesExactly(
                        w -> assertThat(w).startsWith("src/BinaryTest.java: skipped: binary"),
                        w -> assertThat(w).startsWith("src/BrokenTest.java: line 3: not parsable as Java"),
                        w -> assertThat(w).isEqualTo("src/Latin1Test.java: skipped: not valid UTF-8"),
                        w -> assertThat(w).startsWith("test_huge.py: skipped: 2.9 MB, over the 2.0 MB limit"),
                        w -> assertThat(w).isEqualTo("test_unterminated.py: line 1: unterminated string"));
    }

    @Test
    void markersFromJsonAddToTheDefaultsOrReplaceThem() throws Exception {
        Files.writeString(dir.resolve("test_custom.py"), """
                import pytest

                @quarantine("ACME-1", reason="custom marker")
                def test_custom():
                    pass

                @pytest.mark.skip(reason="a default marker")
                def test_default():
                    pass
                """);
        String json = """
                {"defaults": %s, "markers": [{"language": "python", "name": "quarantine", "ticket": "issue|0",
                  "reason": "reason"}]}""";
        Markers added = Markers.fromJson(
                new ByteArrayInputStream(json.formatted("true").getBytes(StandardCharsets.UTF_8)), "m.json");
        Markers only = Markers.fromJson(
                new ByteArrayInputStream(json.formatted("false").getBytes(StandardCharsets.UTF_8)), "m.json");
        assertThat(new QuarantineScanner(added).scan(new FolderTree(dir), null).entries())
                .map(e -> e.test().name() + " " + e.ticket() + " " + e.reason())
                .containsExactly("test_custom ACME-1 custom marker", "test_default null a default marker");
        assertThat(new QuarantineScanner(only).scan(new FolderTree(dir), null).entries())
                .map(e -> e.test().name())
                .containsExactly("test_custom");
    }

    @Test
    void aPytestParamWithMarksMutesThatParameterSetNamedAsPytestNamesIt() throws Exception {
        Files.writeString(dir.resolve("pytest.ini"), "[pytest]\n");
        // ids checked against pytest 9.0.3's own junitxml for the same parameters
        Files.writeString(dir.resolve("test_params.py"), """
                import pytest

                @pytest.mark.parametrize("n, word", [
                    (1, "one"),
                    pytest.param(2, "two", marks=pytest.mark.xfail(reason="flaky on arm, #77")),
                    pytest.param(3, Word("x"), marks=[pytest.mark.skip(reason="JIRA-3"), pytest.mark.slow]),
                    pytest.param(4, "four", id="named", marks=pytest.mark.flaky),
                    pytest.param(5, "five"),
                    pytest.param(-5, 1.5, marks=pytest.mark.skip),
                ])
                def test_count(n, word):
                    pass

                @pytest.mark.parametrize("x", [pytest.param(1, marks=pytest.mark.xfail)], ids=["first"])
                def test_ids(x):
                    pass

                @pytest.mark.parametrize("a", [1, pytest.param(2, marks=pytest.mark.xfail)])
                @pytest.mark.parametrize("b", [3])
                def test_stacked(a, b):
                    pass
                """);
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(dir), null);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.entries())
                .map(FixtureRepo::line)
                .containsExactly(
                        "test_params.py:3 test test_params::test_count[-5-1.5] @pytest.mark.skip null | null | null",
                        "test_params.py:3 test test_params::test_count[2-two] @pytest.mark.xfail #77 | flaky on arm, #77 | null",
                        "test_params.py:3 test test_params::test_count[3-word2] @pytest.mark.skip JIRA-3 | JIRA-3 | null",
                        "test_params.py:3 test test_params::test_count[named] @pytest.mark.flaky null | null | null",
                        "test_params.py:14 test test_params::test_ids[first] @pytest.mark.xfail null | null | null");
    }

    @Test
    void pytestRootdirAndGoModulesDecideTheSuite() throws Exception {
        Files.createDirectories(dir.resolve("py/tests"));
        Files.writeString(dir.resolve("py/pyproject.toml"), "[tool.pytest.ini_options]\naddopts = \"-ra\"\n");
        Files.writeString(
                dir.resolve("py/tests/test_a.py"), "import pytest\n@pytest.mark.skip\ndef test_a():\n    pass\n");
        Files.createDirectories(dir.resolve("svc/internal/db"));
        Files.writeString(dir.resolve("svc/go.mod"), "module example.com/svc // the service\n");
        Files.writeString(
                dir.resolve("svc/internal/db/db_test.go"),
                "package db\nfunc TestX(t *testing.T) { t.Skip(\"Flaky\") }\n");
        ScanResult r = new QuarantineScanner(Markers.defaults()).scan(new FolderTree(dir), null);
        assertThat(r.entries())
                .map(e -> e.test().id())
                .containsExactly("tests.test_a::test_a", "example.com/svc/internal/db::TestX");
    }
}
