package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.flakelens.core.fuzz.Mutator;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer that runs in CI: it mangles real-shaped reports (flips, cuts, splices,
 * repeats, nests, injects markup and bad bytes) and demands that every parser either reads the
 * result or rejects it with a {@link ReportException} carrying a position: never any other
 * exception, never a hang. Inputs that once broke a parser live in {@code fuzz/crashers} and are
 * replayed on every run. Deterministic: a failure prints the seed and iteration to replay.
 */
class ParserFuzzTest {
    private static final long SEED = 0xF1A4E5L;
    private static final int ITERATIONS = 10_000;
    private static final Mutator MUTATOR = new Mutator(
            "<",
            ">",
            "&",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "<!DOCTYPE x>",
            "<![CDATA[",
            "]]>",
            "<testcase",
            "</testsuite>",
            "<?xml version=\"1.0\"?>",
            "\"",
            "'",
            "\u0000",
            "\uFFFF",
            "{",
            "}",
            "\"Action\":\"fail\"",
            "not ok 1",
            "1..3",
            "\n",
            "<testsuite>".repeat(300),
            // carriage returns as Windows writers send them: raw, as XML references, as JSON escapes
            "\r",
            "\r\n",
            "&#13;",
            "&#xD;",
            "&#xD;&#xA;",
            "\\r\\n",
            "\\r",
            // NUL and half pairs as JSON escapes (raw NUL and &#0; are above)
            "\\u0000",
            "\\ud800",
            "\\uDE00",
            "\uD83D\uDE00",
            // expansion: entities that multiply (refused with the DTD) and repeats that nest
            "<!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
            "&a;",
            "&b;",
            "<testcase name=\"n\">".repeat(50));

    static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String dir : List.of("fuzz/seeds", "fuzz/crashers")) {
            Path p = resource(dir);
            if (p == null) {
                continue;
            }
            try (Stream<Path> files = Files.list(p)) {
                for (Path f : files.sorted().toList()) {
                    out.add(Files.readAllBytes(f));
                }
            }
        }
        return out;
    }

    private static Path resource(String dir) {
        var url = ParserFuzzTest.class.getClassLoader().getResource(dir);
        return url == null ? null : Path.of(url.getPath());
    }

    /** Parses as ingest would: sniff, then the sniffed parser. Returns cases read, or -1 when rejected. */
    static int parse(byte[] input) {
        Optional<ReportParser> p = FormatSniffer.sniff(input, Math.min(input.length, FormatSniffer.HEAD));
        if (p.isEmpty()) {
            return -1;
        }
        int[] n = {0};
        try (InputStream in = new ByteArrayInputStream(input)) {
            p.get().parse(in, (tc, run) -> {
                n[0]++;
                assertNoCutPair(tc);
            });
            return n[0];
        } catch (ReportException e) {
            assertThat(e.getMessage()).as("a rejection says why").isNotBlank();
            return -1;
        } catch (IOException e) {
            throw new AssertionError("in-memory input cannot fail to read", e);
        }
    }

    /**
     * A parser's own cuts (texts capped to bound memory) never leave half of a surrogate pair at the
     * cut, which no store could keep: the report would then be refused for a fault it does not have.
     */
    private static void assertNoCutPair(TestCase tc) {
        for (var a : tc.attempts()) {
            Failure f = a.failure();
            if (f == null) {
                continue;
            }
            for (String s : new String[] {f.type(), f.message(), f.detail()}) {
                if (s != null && !s.isEmpty()) {
                    assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1))
                                    && s.length() >= Failure.MAX_MESSAGE - 1)
                            .as("a capped text ends in half a pair")
                            .isFalse();
                }
            }
        }
    }

    private static TestCase only(String format, String report) throws Exception {
        List<TestCase> out = new ArrayList<>();
        ReportParser p = Formats.parser(format).orElseThrow();
        p.parse(new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)), (tc, run) -> out.add(tc));
        assertThat(out).as(format).hasSize(1);
        return out.get(0);
    }

    /**
     * xUnit.net and NUnit on Windows write CR LF in every multi-line message, as character references
     * (XML turns a raw CR into LF, a reference it keeps). Every format hands such a CR on as sent.
     */
    @Test
    void carriageReturnsReachTheCasesAsSent() throws Exception {
        String crlf = "Assert.Equal() Failure\r\nExpected: 3";
        TestCase xunit = only(
                "xunit",
                "<assemblies><assembly name=\"a.dll\"><collection name=\"c\">"
                        + "<test name=\"T.M\" type=\"T\" method=\"M\" result=\"Fail\"><failure><message>"
                        + "Assert.Equal() Failure&#xD;&#xA;Expected: 3</message></failure></test></collection></assembly></assemblies>");
        assertThat(xunit.attempts().get(0).failure().message()).isEqualTo(crlf);
        TestCase junit = only(
                "junit",
                "<testsuite name=\"S\"><testcase classname=\"S\" name=\"a&#13;b\">"
                        + "<failure message=\"Assert.Equal() Failure&#xD;&#xA;Expected: 3\">x&#xD;y</failure></testcase></testsuite>");
        assertThat(junit.id().name()).isEqualTo("a\rb");
        assertThat(junit.attempts().get(0).failure().message()).isEqualTo(crlf);
        assertThat(junit.attempts().get(0).failure().detail()).isEqualTo("x\ry");
        TestCase nunit = only(
                "nunit",
                "<test-run><test-suite type=\"TestFixture\" name=\"F\" fullname=\"N.F\">"
                        + "<test-case name=\"M\" fullname=\"N.F.M\" result=\"Failed\"><failure><message>"
                        + "Assert.Equal() Failure&#xD;&#xA;Expected: 3</message></failure></test-case></test-suite></test-run>");
        assertThat(nunit.attempts().get(0).failure().message()).isEqualTo(crlf);
        TestCase go = only(
                "go-test2json",
                "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"T\\rX\"}\n"
                        + "{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"T\\rX\",\"Output\":\"    a_test.go:3: one\\r\\n\"}\n"
                        + "{\"Action\":\"fail\",\"Package\":\"p\",\"Test\":\"T\\rX\"}\n");
        assertThat(go.id().name()).isEqualTo("T\rX");
        TestCase cockpit = only(
                "cockpit",
                "{\"test\":\"testA (m.T)\",\"status\":\"failure\",\"pull\":1,"
                        + "\"context\":\"c\",\"revision\":\"r\",\"merged\":false,\"date\":\"2020-01-01T00:00:00Z\","
                        + "\"log\":\"Traceback\\r\\nError: x\\r\\n\"}\n");
        assertThat(cockpit.attempts().get(0).failure().detail()).contains("Traceback\r\nError: x\r\n");
    }

    /**
     * NUL: XML cannot carry it (raw or as &#0;), so an XML report with one is refused at its place;
     * JSON can (\u0000), and then the case comes through for the store to refuse by name: never
     * dropped, which would make two names one.
     */
    @Test
    void aNulIsRefusedWithItsPlaceOrHandedOnWhole() throws Exception {
        ReportException xml = Parsed.rejection(
                Formats.parser("junit").orElseThrow(),
                "<testsuite name=\"S\">\n<testcase classname=\"S\" name=\"a&#0;b\"/></testsuite>");
        assertThat(xml.line()).isEqualTo(2);
        TestCase go = only(
                "go-test2json",
                "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"T\\u0000X\"}\n"
                        + "{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"T\\u0000X\"}\n");
        assertThat(go.id().name()).isEqualTo("T\u0000X");
        assertThat(StorableText.problem(go.id().name())).isEqualTo("a NUL character (U+0000) at character 2");
    }

    /** Expansion: an entity that multiplies is refused with the DTD that declares it, at its line. */
    @Test
    void entityExpansionIsRefusedWithItsPlace() {
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                + "<testsuite name=\"&c;\"><testcase name=\"&c;\"/></testsuite>";
        for (String format : List.of("junit", "nunit", "xunit", "trx")) {
            ReportException e = Parsed.rejection(Formats.parser(format).orElseThrow(), bomb);
            assertThat(e.line()).as(format).isEqualTo(2);
        }
    }

    @Test
    void theCrashersOfEarlierRunsAreHandled() throws IOException {
        Path dir = resource("fuzz/crashers");
        assertThat(dir).isNotNull();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                parse(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void mutatedReportsAreReadOrRejectedButNeverCrashAParser() throws IOException {
        List<byte[]> seeds = seeds();
        assertThat(seeds).isNotEmpty();
        SplittableRandom rnd = new SplittableRandom(SEED);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = MUTATOR.mutate(seeds.get(rnd.nextInt(seeds.size())), seeds, rnd);
            try {
                if (parse(input) >= 0) {
                    parsed++;
                } else {
                    rejected++;
                }
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                // Keep the input so it can join fuzz/crashers as a regression fixture.
                Path keep = Path.of("target", "fuzz-crashers", "crash-" + SEED + "-" + i + ".bin");
                Files.createDirectories(keep.getParent());
                Files.write(keep, input);
                fail(
                        "seed " + SEED + " iteration " + i + " broke a parser with " + e + "; input:\n"
                                + new String(input, 0, Math.min(input.length, 2_000), StandardCharsets.UTF_8),
                        e);
            }
        }
        // Both halves must be exercised, or the mutations are too gentle or too wild to mean anything.
        assertThat(parsed).isGreaterThan(ITERATIONS / 50);
        assertThat(rejected).isGreaterThan(ITERATIONS / 20);
    }
}
