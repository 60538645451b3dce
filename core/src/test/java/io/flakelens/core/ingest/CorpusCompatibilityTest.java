package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.TestCase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every report of the shared corpus (real files from public test-report tools) either parses to
 * the counts {@code oracle.py} finds or is rejected with a {@link ReportException} that names a
 * line; nothing else may come out of a parser. The copies under {@code resources/corpus} keep the
 * check in the build; the shared folder, when present, is checked whole as well.
 *
 * <p>Counting, per emitted {@link TestCase}: its final outcome (the last attempt), so Surefire's
 * flaky and rerun children add attempts and never cases. Where a report repeats a testcase
 * element (oracle {@code distinct_cases < testcases}: pytest-rerunfailures, jest retries), the
 * parsers emit one case per element and the ingest later reads the repeats as attempts of one
 * test; so the comparison here is per element, which is what the oracle counts too.
 */
class CorpusCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Counts that differ from the oracle on purpose: {@code path -> outcome deltas} (ours minus
     * the oracle's). The oracle reads a case's state from its main result child; Flakelens takes
     * the attempt that ran last.
     */
    private static final Map<String, Map<Outcome, Integer>> INTENDED = Map.of(
            // testcase5 failed first (<failure>), then its reruns failed and errored
            // (<rerunFailure>, <rerunError>): the run ended on the error, so it counts as one.
            "nextest-rs+quick-junit/crates/quick-junit-tests/tests/fixtures/basic_report.xml",
            Map.of(Outcome.FAIL, -1, Outcome.ERROR, +1));

    /** Files that are not test reports at all: no format claims them, and a forced parse rejects them. */
    private static final Set<String> NOT_REPORTS = Set.of(
            "EnricoMi+publish-unit-test-result-action/python/test/files/xml/empty.xml",
            "EnricoMi+publish-unit-test-result-action/python/test/files/xml/non-xml.xml",
            "EnricoMi+publish-unit-test-result-action/python/test/files/junit-xml/non-junit.xml",
            "EnricoMi+publish-unit-test-result-action/python/test/files/junit-xml/non-junit.junit-xml");

    // ---------------------------------------------------------------- bundled copies

    static Stream<Arguments> bundledXmlReports() throws IOException {
        Path root = bundled();
        return oracle(root.resolve("oracle.jsonl")).stream()
                .map(row -> Arguments.of(row.get("path").asText(), row));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledXmlReports")
    void bundledXmlReportParsesToTheOracleCountsOrIsRejectedWithALine(String path, JsonNode row) throws IOException {
        checkAgainstOracle(path, row, Files.readAllBytes(bundled().resolve(path)));
    }

    static Stream<Arguments> bundledTextReports() throws IOException {
        Path root = bundled();
        try (Stream<Path> files = Files.walk(root)) {
            return files
                    .filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".gojson.txt") || p.endsWith(".tap") || p.endsWith("golang-json.json"))
                    .sorted()
                    .map(p -> Arguments.of(p))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledTextReports")
    void bundledTextReportParses(String path) throws IOException {
        String format = path.endsWith(".tap") ? "tap" : "go-test2json";
        checkTextReport(path, format, Files.readAllBytes(bundled().resolve(path)));
    }

    // ---------------------------------------------------------------- the shared corpus

    @TestFactory
    Stream<DynamicTest> sharedCorpus() throws IOException {
        String shared = System.getProperty("flakelens.shared");
        boolean present = shared != null && Files.isDirectory(Path.of(shared, "corpus"));
        // a CI run always has the corpus: there a missing folder must fail, not skip silently
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "CI=true but the real report corpus is missing under " + shared + " (set -Dflakelens.shared=DIR)");
        }
        assumeTrue(present, "the real report corpus is not on this machine");
        Path corpus = Path.of(shared, "corpus");
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        for (JsonNode row : oracle(corpus.resolve("oracle.jsonl"))) {
            String path = row.get("path").asText();
            if (refusedByUs(row)) {
                refused.add(path);
            }
            tests.add(DynamicTest.dynamicTest(
                    "oracle " + path, () -> checkAgainstOracle(path, row, Files.readAllBytes(corpus.resolve(path)))));
        }
        for (String line : Files.readAllLines(corpus.resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (f.length < 6 || !f[5].equals("report")) {
                continue;
            }
            String path = f[2];
            String format = switch (f[4]) {
                case "go-test2json" -> "go-test2json";
                case "tap" -> "tap";
                case "trx" -> "trx";
                case "nunit2", "nunit3", "nunit-fragment(test-suite)" -> "nunit";
                case "xunit" -> "xunit";
                default -> null;
            };
            tests.add(DynamicTest.dynamicTest("manifest " + path, () -> {
                byte[] data = Files.readAllBytes(corpus.resolve(path));
                if (format == null) {
                    parsesOrIsRejectedWithALine(data);
                } else if (refused.contains(path)) {
                    // Malformed or DOCTYPE files of these formats: checked against the oracle above.
                    parsesOrIsRejectedWithALine(data);
                } else {
                    checkTextReport(path, format, data);
                }
            }));
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------- the checks

    private static void checkAgainstOracle(String path, JsonNode row, byte[] data) {
        Optional<ReportParser> sniffed = FormatSniffer.sniff(data, Math.min(data.length, FormatSniffer.HEAD));
        String oracleFormat = row.get("format").asText();
        boolean refused = refusedByUs(row);
        if (NOT_REPORTS.contains(path)) {
            assertThat(sniffed).as("no format claims %s", path).isEmpty();
            // What a user forcing --format junit on it gets: a positioned rejection.
            assertRejectedWithALine(new JUnitXmlParser(), data);
            return;
        }
        assertThat(sniffed).as("a format for %s", path).isPresent();
        if (refused) {
            // Malformed XML, and DOCTYPEs: the oracle ignores external entities and reads on,
            // Flakelens refuses any DTD outright (no XXE, no entity expansion).
            ReportException e = assertRejectedWithALine(sniffed.get(), data);
            if (features(row).contains("doctype")) {
                assertThat(e.reason()).contains("DTD");
            }
            return;
        }
        assertThat(sniffed.get().format()).isEqualTo(oracleFormat);
        Tally tally = Tally.of(sniffed.get(), data);
        Map<Outcome, Integer> delta = INTENDED.getOrDefault(path, Map.of());
        assertThat(tally.counts()).as(path).isEqualTo(new int[] {
            row.get("passed").asInt() + delta.getOrDefault(Outcome.PASS, 0),
            row.get("failures").asInt() + delta.getOrDefault(Outcome.FAIL, 0),
            row.get("errors").asInt() + delta.getOrDefault(Outcome.ERROR, 0),
            row.get("skipped").asInt() + delta.getOrDefault(Outcome.SKIP, 0)
        });
        assertThat(tally.cases)
                .as("test cases in " + path)
                .isEqualTo(row.get("testcases").asInt());
        if (oracleFormat.equals("junit")) {
            // Every flakyFailure/flakyError/rerunFailure/rerunError element is one more attempt.
            assertThat(tally.extraAttempts)
                    .as("rerun attempts in " + path)
                    .isEqualTo(row.get("flaky_reruns").asInt());
        }
    }

    /** Text formats have no oracle: they must be sniffed as what the manifest says and parse. */
    private static void checkTextReport(String path, String format, byte[] data) {
        Optional<ReportParser> sniffed = FormatSniffer.sniff(data, Math.min(data.length, FormatSniffer.HEAD));
        if (path.endsWith("102-broken.gojson.txt")) {
            // Captured from an old `go test -json` whose build failed: not one JSON line, only
            // the compiler's text. Nothing tells it from plain `go test` output, so no format
            // claims it; read as test2json (forced), the build failure is not lost.
            assertThat(sniffed).isEmpty();
            Tally tally = Tally.of(new GoTestJsonParser(), data);
            assertThat(tally.cases).isEqualTo(1);
            assertThat(tally.counts()[2]).isEqualTo(1);
            return;
        }
        assertThat(sniffed).as("a format for %s", path).isPresent();
        assertThat(sniffed.get().format()).isEqualTo(format);
        Tally.of(sniffed.get(), data);
    }

    private static void parsesOrIsRejectedWithALine(byte[] data) {
        Optional<ReportParser> sniffed = FormatSniffer.sniff(data, Math.min(data.length, FormatSniffer.HEAD));
        if (sniffed.isEmpty()) {
            return;
        }
        Throwable t = catchThrowable(() -> sniffed.get().parse(new ByteArrayInputStream(data), (c, r) -> {}));
        if (t != null) {
            assertThat(t).isInstanceOf(ReportException.class);
            assertThat(((ReportException) t).line()).isPositive();
        }
    }

    private static ReportException assertRejectedWithALine(ReportParser parser, byte[] data) {
        Throwable t = catchThrowable(() -> parser.parse(new ByteArrayInputStream(data), (c, r) -> {}));
        assertThat(t).isInstanceOf(ReportException.class);
        ReportException e = (ReportException) t;
        assertThat(e.line()).as("line of: " + e.getMessage()).isPositive();
        return e;
    }

    /** Final outcomes of the emitted cases. */
    static final class Tally {
        int cases;
        int extraAttempts;
        final int[] byOutcome = new int[4];

        static Tally of(ReportParser parser, byte[] data) {
            Tally t = new Tally();
            try {
                parser.parse(new ByteArrayInputStream(data), (TestCase c, io.flakelens.core.model.Run r) -> {
                    t.cases++;
                    t.extraAttempts += c.attempts().size() - 1;
                    t.byOutcome[c.finalOutcome().ordinal()]++;
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ReportException e) {
                throw new AssertionError("rejected: " + e.describe("report"), e);
            }
            return t;
        }

        /** passed, failures, errors, skipped. */
        int[] counts() {
            return new int[] {
                byOutcome[Outcome.PASS.ordinal()],
                byOutcome[Outcome.FAIL.ordinal()],
                byOutcome[Outcome.ERROR.ordinal()],
                byOutcome[Outcome.SKIP.ordinal()]
            };
        }
    }

    /** Malformed per the oracle, or carrying a DOCTYPE, which Flakelens refuses and the oracle reads. */
    private static boolean refusedByUs(JsonNode row) {
        return !row.get("parse_error").isNull() || features(row).contains("doctype");
    }

    private static List<String> features(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.path("features").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static List<JsonNode> oracle(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private static Path bundled() {
        try {
            return Path.of(CorpusCompatibilityTest.class
                            .getResource("/corpus/oracle.jsonl")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
