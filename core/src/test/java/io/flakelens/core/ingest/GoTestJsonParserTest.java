package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoTestJsonParserTest {
    private static final String PKG = "example.com/shop/cart";
    private final GoTestJsonParser parser = new GoTestJsonParser();

    /** One test2json event line. */
    private static String ev(String action, String test, String output, Double elapsed) {
        StringBuilder sb = new StringBuilder("{\"Time\":\"2024-05-01T10:00:00Z\",\"Action\":\"")
                .append(action)
                .append("\",\"Package\":\"")
                .append(PKG)
                .append('"');
        if (test != null) {
            sb.append(",\"Test\":\"").append(test).append('"');
        }
        if (output != null) {
            sb.append(",\"Output\":\"")
                    .append(output.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n")
                            .replace("\t", "\\t"))
                    .append('"');
        }
        if (elapsed != null) {
            sb.append(",\"Elapsed\":").append(elapsed);
        }
        return sb.append("}\n").toString();
    }

    @Test
    void aFailingTestKeepsItsOutputAndTheFirstPositionedLineAsMessage() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestTotal", null, null)
                        + ev("output", "TestTotal", "=== RUN   TestTotal\n", null)
                        + ev("output", "TestTotal", "    cart.go:40: computing\n", null)
                        + ev("output", "TestTotal", "    cart_test.go:12: total = 3, want 4\n", null)
                        + ev("output", "TestTotal", "--- FAIL: TestTotal (1.50s)\n", null)
                        + ev("fail", "TestTotal", null, 1.5)
                        + ev("run", "TestEmpty", null, null)
                        + ev("pass", "TestEmpty", null, 0.01)
                        + ev("output", null, "FAIL\n", null)
                        + ev("fail", null, null, 1.6));
        assertThat(p.ids()).containsExactly(PKG + "::TestTotal", PKG + "::TestEmpty");
        Attempt failed = p.cases().get(0).attempts().get(0);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(failed.durationMs()).isEqualTo(1500);
        // The first line in file.go:N form, whatever it says: Go output does not tell t.Log from t.Error.
        assertThat(failed.failure().message()).isEqualTo("cart.go:40: computing");
        assertThat(failed.failure().detail())
                .contains("cart_test.go:12: total = 3, want 4")
                .doesNotContain("=== RUN", "--- FAIL");
        Attempt passed = p.cases().get(1).attempts().get(0);
        assertThat(passed).isEqualTo(new Attempt(Outcome.PASS, 10, null));
    }

    @Test
    void subtestsKeepTheirFullNamesAndSubtestFramingIsDropped() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestSum", null, null)
                        + ev("run", "TestSum/empty_cart", null, null)
                        + ev("run", "TestSum/two_items", null, null)
                        + ev("output", "TestSum/two_items", "    --- FAIL: TestSum/two_items (0.00s)\n", null)
                        + ev("output", "TestSum/two_items", "        sum_test.go:9: got 1\n", null)
                        + ev("pass", "TestSum/empty_cart", null, 0.0)
                        + ev("fail", "TestSum/two_items", null, 0.0)
                        + ev("fail", "TestSum", null, 0.0)
                        + ev("fail", null, null, 0.1));
        assertThat(p.ids())
                .containsExactly(PKG + "::TestSum/empty_cart", PKG + "::TestSum/two_items", PKG + "::TestSum");
        Failure f = p.named(PKG, "TestSum/two_items").attempts().get(0).failure();
        assertThat(f.message()).isEqualTo("sum_test.go:9: got 1");
        assertThat(f.detail()).isEqualTo("sum_test.go:9: got 1");
    }

    @Test
    void aTestThatEndsAgainIsEmittedAgainSoTheIngestCountsAttempts() throws Exception {
        // go test -count=3, or a rerun tool appending to the same stream
        String once = ev("run", "TestFlaky", null, null);
        Parsed p = Parsed.parse(
                parser,
                once
                        + ev("fail", "TestFlaky", null, 0.2)
                        + once
                        + ev("fail", "TestFlaky", null, 0.3)
                        + once
                        + ev("pass", "TestFlaky", null, 0.1)
                        + ev("fail", null, null, 1.0));
        assertThat(p.cases()).hasSize(3).allSatisfy(c -> assertThat(c.id().id()).isEqualTo(PKG + "::TestFlaky"));
        assertThat(p.cases().stream().map(TestCase::finalOutcome))
                .containsExactly(Outcome.FAIL, Outcome.FAIL, Outcome.PASS);
    }

    @Test
    void aPackageThatFailsOutsideAnyTestBecomesAnErrorCase() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestOne", null, null)
                        + ev("pass", "TestOne", null, 0.0)
                        + ev("output", null, "PASS\n", null)
                        + ev("output", null, "panic: listener closed\n", null)
                        + ev("output", null, "\n", null)
                        + ev("output", null, "goroutine 1 [running]:\n", null)
                        + ev("output", null, "main.main()\n", null)
                        + ev("output", null, "FAIL\t" + PKG + "\t0.003s\n", null)
                        + ev("fail", null, null, 0.003));
        TestCase pkg = p.named(PKG, GoTestJsonParser.PACKAGE_CASE);
        Attempt a = pkg.attempts().get(0);
        assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(a.failure().message()).isEqualTo("panic: listener closed");
        assertThat(a.failure().detail())
                .startsWith("panic: listener closed")
                .contains("goroutine 1 [running]:")
                .doesNotContain("FAIL\t");
    }

    @Test
    void aPackageFailedByItsTestsGetsNoPackageCase() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestA", null, null)
                        + ev("fail", "TestA", null, 0.0)
                        + ev("output", null, "FAIL\n", null)
                        + ev("output", null, "exit status 1\n", null)
                        + ev("fail", null, null, 0.1));
        assertThat(p.ids()).containsExactly(PKG + "::TestA");
    }

    @Test
    void aTestStillRunningWhenItsPackageFailsIsAnErrorWithThePackageOutput() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestSlow", null, null)
                        + ev("output", "TestSlow", "=== RUN   TestSlow\n", null)
                        + ev("output", null, "panic: test timed out after 10m0s\n", null)
                        + ev("fail", null, null, 600.0));
        Attempt a = p.only().attempts().get(0);
        assertThat(p.only().id().name()).isEqualTo("TestSlow");
        assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(a.failure().message()).isEqualTo("panic: test timed out after 10m0s");
    }

    @Test
    void outputWithoutARunEventIsKeptForAResultButNeverInventsAnError() throws Exception {
        // Old go versions: a benchmark has output and a result but no run event; and stray
        // output after a test ended must not turn into a test that "never finished".
        Parsed p = Parsed.parse(
                parser,
                ev("output", "BenchmarkSort", "    sort_test.go:30: too slow\n", null)
                        + ev("fail", "BenchmarkSort", null, null)
                        + ev("run", "TestA", null, null)
                        + ev("pass", "TestA", null, 0.0)
                        + ev("output", "TestA", "late line\n", null)
                        + ev("fail", null, null, 0.2));
        assertThat(p.ids()).containsExactly(PKG + "::BenchmarkSort", PKG + "::TestA");
        Attempt bench = p.cases().get(0).attempts().get(0);
        assertThat(bench.durationMs()).isEqualTo(-1);
        assertThat(bench.failure().message()).isEqualTo("sort_test.go:30: too slow");
    }

    @Test
    void aStreamThatEndsMidTestReportsTheTestAsAnError() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestCut", null, null) + ev("output", "TestCut", "    cut_test.go:3: started\n", null));
        Attempt a = p.only().attempts().get(0);
        assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(a.failure().message()).isEqualTo("cut_test.go:3: started");
    }

    @Test
    void aSkipKeepsItsReason() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                ev("run", "TestNet", null, null)
                        + ev("output", "TestNet", "    net_test.go:8: no network in CI\n", null)
                        + ev("output", "TestNet", "--- SKIP: TestNet (0.00s)\n", null)
                        + ev("skip", "TestNet", null, 0.0)
                        + ev("run", "TestPlain", null, null)
                        + ev("skip", "TestPlain", null, 0.0));
        assertThat(p.named(PKG, "TestNet").attempts().get(0).failure().message())
                .isEqualTo("net_test.go:8: no network in CI");
        assertThat(p.named(PKG, "TestPlain").attempts().get(0)).isEqualTo(new Attempt(Outcome.SKIP, 0, null));
    }

    @Test
    void plainTextLinesAreSkippedAndABuildFailureLineBecomesAPackageError() throws Exception {
        // Older go versions print the compiler's output, not JSON, when a package does not build.
        Parsed p = Parsed.parse(
                parser,
                "go: downloading example.com/dep v1.2.3\n"
                        + "# example.com/shop/broken [example.com/shop/broken.test]\n"
                        + "./broken.go:4:6: undefined: Total\n"
                        + ev("run", "TestOk", null, null)
                        + ev("pass", "TestOk", null, 0.0)
                        + "FAIL\texample.com/shop/broken [build failed]\n");
        assertThat(p.ids()).containsExactly(PKG + "::TestOk", "example.com/shop/broken::(package)");
        Attempt a = p.cases().get(1).attempts().get(0);
        assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(a.failure().message()).isEqualTo("./broken.go:4:6: undefined: Total");
        assertThat(a.failure().detail()).contains("./broken.go:4:6: undefined: Total");
    }

    @Test
    void newerGoReportsBuildFailuresAsEvents() throws Exception {
        Parsed p = Parsed.parse(
                parser,
                "{\"ImportPath\":\"example.com/shop/cart [example.com/shop/cart.test]\",\"Action\":\"build-output\","
                        + "\"Output\":\"./cart.go:7:2: undefined: price\\n\"}\n"
                        + "{\"ImportPath\":\"example.com/shop/cart [example.com/shop/cart.test]\",\"Action\":\"build-fail\"}\n"
                        + "{\"Action\":\"start\",\"Package\":\"" + PKG + "\"}\n"
                        + "{\"Action\":\"output\",\"Package\":\"" + PKG + "\",\"Output\":\"FAIL\\t" + PKG
                        + " [build failed]\\n\"}\n"
                        + "{\"Action\":\"fail\",\"Package\":\"" + PKG + "\",\"Elapsed\":0,"
                        + "\"FailedBuild\":\"example.com/shop/cart [example.com/shop/cart.test]\"}\n");
        Attempt a = p.named(PKG, GoTestJsonParser.PACKAGE_CASE).attempts().get(0);
        assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(a.failure().message()).isEqualTo("./cart.go:7:2: undefined: price");
    }

    @Test
    void aMalformedJsonLineIsRejectedWithItsLineNumber() {
        ReportException e = Parsed.rejection(
                parser,
                ev("run", "TestA", null, null)
                        + "build noise that is skipped\n"
                        + "{\"Action\":\"pass\",\"Package\":\n"
                        + ev("pass", "TestA", null, 0.0));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).startsWith("malformed JSON");
    }

    @Test
    void outputIsCappedAtTheDetailLimit() throws Exception {
        StringBuilder s = new StringBuilder(ev("run", "TestLoud", null, null));
        String line = "    loud_test.go:1: " + "x".repeat(1_000) + "\n";
        for (int i = 0; i < 100; i++) {
            s.append(ev("output", "TestLoud", line, null));
        }
        s.append(ev("fail", "TestLoud", null, 1.0));
        Failure f = Parsed.parse(parser, s.toString()).only().attempts().get(0).failure();
        assertThat(f.detail().length()).isLessThanOrEqualTo(Failure.MAX_DETAIL);
    }

    @Test
    void casesReachTheSinkWhileTheStreamIsStillBeingRead() {
        // A stream that breaks after its first test: that test must already have been handed over.
        byte[] head = (ev("run", "TestFirst", null, null) + ev("pass", "TestFirst", null, 0.0))
                .getBytes(StandardCharsets.UTF_8);
        InputStream breaking = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at < head.length) {
                    return head[at++] & 0xff;
                }
                throw new IOException("connection reset");
            }
        };
        List<String> seen = new ArrayList<>();
        Throwable t = catchThrowable(() -> parser.parse(breaking, (c, r) -> seen.add(c.id().name())));
        assertThat(t).isInstanceOf(IOException.class);
        assertThat(seen).containsExactly("TestFirst");
    }
}
