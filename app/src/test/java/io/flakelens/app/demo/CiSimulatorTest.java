package io.flakelens.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The files a small simulation writes: reproducible, complete and well-formed. */
class CiSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small enough to write twice in a second, large enough to hold every kind of incident. */
    private static final SimulationConfig SMALL = SimulationConfig.defaults().withSize(150, 16, 14);

    private static final Set<String> FIELDS = Set.of(
            "run",
            "source",
            "job",
            "builder",
            "revision",
            "change",
            "patchset",
            "equivalence",
            "attempt",
            "payload",
            "started_at",
            "duration_ms",
            "status",
            "merged",
            "url",
            "reports");

    @TempDir
    static Path shared;
    /** One history most tests only read. */
    private static SimulationResult written;

    @TempDir
    Path tmp;

    @BeforeAll
    static void simulateOnce() throws IOException {
        written = new CiSimulator(SMALL).simulate(shared.resolve("history"));
    }

    @Test
    void theSameConfigWritesTheSameBytes() throws IOException {
        SimulationResult a = written;
        SimulationResult b = new CiSimulator(SMALL).simulate(tmp.resolve("b"));

        TreeMap<String, byte[]> filesA = files(a.dir());
        TreeMap<String, byte[]> filesB = files(b.dir());
        assertThat(filesB.keySet()).containsExactlyElementsOf(filesA.keySet());
        for (String name : filesA.keySet()) {
            assertThat(filesB.get(name)).as(name).isEqualTo(filesA.get(name));
        }
        assertThat(b).usingRecursiveComparison().ignoringFields("dir").isEqualTo(a);
        assertThat(filesA).containsKeys("runs.jsonl", "truth.json");
        assertThat(filesA.size() - 2).isEqualTo(a.reports());
    }

    @Test
    void anotherSeedPlansAnotherHistory() {
        SimulationTruth other = new CiSimulator(SMALL.withSeed(7)).truth();

        assertThat(other.flakyTests()).isNotEqualTo(written.truth().flakyTests());
        assertThat(other.infraRuns()).isNotEqualTo(written.truth().infraRuns());
    }

    @Test
    void everyManifestLineCarriesTheRunFieldsAndNamesReportsThatExist() throws IOException {
        SimulationResult r = written;
        List<String> lines = Files.readAllLines(r.manifest());
        assertThat(lines).hasSize(r.runs());

        Instant now = SMALL.now();
        Set<String> ids = new HashSet<>();
        Set<String> firstAttempts = new HashSet<>();
        List<JsonNode> retries = new ArrayList<>();
        int trivialRebases = 0;
        int reports = 0;
        Instant previous = Instant.MIN;
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            Set<String> names = new HashSet<>();
            n.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(line).isEqualTo(FIELDS);
            assertThat(ids.add(n.get("run").asText())).as("unique id " + line).isTrue();
            assertThat(n.get("source").asText()).isEqualTo("sim");
            assertThat(SMALL.jobs()).contains(n.get("job").asText());
            assertThat(SMALL.builders()).contains(n.get("builder").asText());
            assertThat(n.get("revision").asText()).matches("[0-9a-f]{40}");
            assertThat(n.get("equivalence").asText()).matches("[0-9a-f]{40}");
            assertThat(n.get("status").asText()).isIn("passed", "failed");
            assertThat(n.get("url").asText()).endsWith("/" + n.get("run").asText());
            Instant started = Instant.parse(n.get("started_at").asText());
            assertThat(started)
                    .isBetween(now.minus(Duration.ofDays(SMALL.days())), now)
                    .isAfterOrEqualTo(previous);
            assertThat(n.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            previous = started;
            boolean presubmit = !n.get("change").isNull();
            if (presubmit) {
                assertThat(n.get("change").asText()).matches("\\d+");
                assertThat(n.get("patchset").asText()).matches("\\d+");
                assertThat(n.get("merged").isBoolean()).isTrue();
                assertThat(n.get("payload").isNull()).isTrue();
                if (!n.get("equivalence").asText().equals(n.get("revision").asText())) {
                    trivialRebases++;
                }
            } else {
                assertThat(n.get("patchset").isNull()).isTrue();
                assertThat(n.get("merged").isNull()).isTrue();
                assertThat(n.get("equivalence").asText())
                        .isEqualTo(n.get("revision").asText());
                assertThat(n.get("payload").asText()).startsWith("1.4.0-0.ci-");
                assertThat(n.get("attempt").asInt()).isEqualTo(1);
            }
            String lane = n.get("change").asText() + "/" + n.get("patchset").asText() + "/"
                    + n.get("job").asText() + "/" + n.get("builder").asText();
            if (n.get("attempt").asInt() == 1) {
                firstAttempts.add(lane);
            } else {
                assertThat(n.get("attempt").asInt()).isEqualTo(2);
                assertThat(firstAttempts)
                        .as("a retry follows its first attempt: " + line)
                        .contains(lane);
                retries.add(n);
            }
            assertThat(n.get("reports").size()).isPositive();
            for (JsonNode p : n.get("reports")) {
                assertThat(p.asText()).startsWith("reports/" + n.get("run").asText() + "/");
                assertThat(r.dir().resolve(p.asText())).isRegularFile();
                reports++;
            }
        }
        assertThat(reports).isEqualTo(r.reports());
        assertThat(retries).isNotEmpty();
        assertThat(trivialRebases).isPositive();
    }

    @Test
    void reportsAreWellFormedAndTheirCountsAddUp() throws Exception {
        SimulationResult r = written;
        DocumentBuilder parser = newParser();
        long cases = 0;
        int flakyFailures = 0;
        int reruns = 0;
        try (Stream<Path> files = Files.walk(r.dir().resolve("reports"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Element root = parser.parse(p.toFile()).getDocumentElement();
                assertThat(root.getTagName()).isEqualTo("testsuites");
                NodeList suites = root.getElementsByTagName("testsuite");
                int total = 0;
                for (int s = 0; s < suites.getLength(); s++) {
                    Element suite = (Element) suites.item(s);
                    List<Element> testcases = children(suite, "testcase");
                    assertThat(attrInt(suite, "tests"))
                            .as(p + " " + suite.getAttribute("name"))
                            .isEqualTo(testcases.size());
                    assertThat(attrInt(suite, "failures")).isEqualTo(countWith(testcases, "failure"));
                    assertThat(attrInt(suite, "errors")).isEqualTo(countWith(testcases, "error"));
                    for (Element tc : testcases) {
                        assertThat(tc.getAttribute("classname")).isEqualTo(suite.getAttribute("name"));
                        assertThat(tc.getAttribute("name")).isNotEmpty();
                        assertThat(tc.getAttribute("time")).matches("\\d+\\.\\d{3}");
                        flakyFailures += children(tc, "flakyFailure").size()
                                + children(tc, "flakyError").size();
                        reruns += children(tc, "rerunFailure").size()
                                + children(tc, "rerunError").size();
                    }
                    total += testcases.size();
                }
                assertThat(attrInt(root, "tests")).isEqualTo(total);
                cases += total;
            }
        }
        assertThat(cases).isEqualTo(r.results());
        assertThat(flakyFailures).as("flaky passes on an in-run rerun").isPositive();
        assertThat(reruns).as("failures that stayed failed on rerun").isPositive();
    }

    @Test
    void escapedTextReadsBackAsWritten() throws Exception {
        String nasty = "Cannot invoke \"a.b()\" <x> & 'y'\n\tat z ]]> end\r";
        StringBuilder xml = new StringBuilder("<r a=\"");
        ReportWriter.attr(xml, nasty);
        xml.append("\"><t>");
        ReportWriter.text(xml, nasty);
        xml.append("</t><c><![CDATA[");
        ReportWriter.cdata(xml, nasty);
        xml.append("]]></c></r>");

        Element root = newParser()
                .parse(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();

        assertThat(root.getAttribute("a")).isEqualTo(nasty);
        // XML parsers turn a raw CR in text into LF; reports never hold one, attributes keep it as &#13;.
        assertThat(children(root, "t").get(0).getTextContent()).isEqualTo(nasty.replace('\r', '\n'));
        assertThat(children(root, "c").get(0).getTextContent()).isEqualTo(nasty.replace('\r', '\n'));
    }

    @Test
    void namesComeInTheShapesRealRunnersWrite() {
        Set<String> ids = new HashSet<>();
        new TestCatalog(SimulationConfig.defaults()).tests().forEach(t -> ids.add(t.id()));

        assertThat(ids).hasSize(SimulationConfig.defaults().tests());
        assertThat(ids).anyMatch(id -> id.matches("com\\.acme\\.[a-z]+\\.[A-Za-z]+Test::[a-z][A-Za-z]+"));
        assertThat(ids).anyMatch(id -> id.matches(".*::[a-zA-Z]+\\[\\d+]"));
        assertThat(ids).anyMatch(id -> id.matches(".*::[a-zA-Z]+\\([A-Za-z, ]+\\)\\[\\d+]"));
        assertThat(ids).anyMatch(id -> id.matches("[A-Z][a-z]+/[A-Za-z0-9]+Test::[A-Za-z]+/\\d+"));
        assertThat(ids).anyMatch(id -> id.matches("[A-Za-z0-9]+TypedTest/\\d+::[A-Za-z]+"));
    }

    @Test
    void theTruthFileReadsBackAsTheTruth() throws IOException {
        SimulationResult r = written;

        assertThat(SimulationTruth.read(r.truthFile())).isEqualTo(r.truth());
        assertThat(r.truth()).isEqualTo(new CiSimulator(SMALL).truth());
    }

    @Test
    void refusesAFolderThatAlreadyHoldsAHistory() {
        assertThatThrownBy(() -> new CiSimulator(SMALL).simulate(written.dir()))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("already holds a simulated history");
    }

    @Test
    void reportsItsProgressRunByRun() throws IOException {
        CiSimulator sim = new CiSimulator(SMALL.withSize(30, 3, 2));
        List<Integer> seen = new ArrayList<>();

        sim.simulate(tmp, (done, total) -> {
            assertThat(total).isEqualTo(sim.plannedRuns());
            seen.add(done);
        });

        assertThat(seen).hasSize(sim.plannedRuns()).startsWith(1).endsWith(sim.plannedRuns());
    }

    @Test
    void aRealNowIsKeptToTheSecondSoNoTimeCarriesFractions() {
        Instant realNow = Instant.parse("2025-05-05T10:00:00.123456789Z");

        assertThat(SMALL.withNow(realNow).now()).isEqualTo(Instant.parse("2025-05-05T10:00:00Z"));
    }

    @Test
    void rejectsConfigsThatCannotMakeAHistory() {
        SimulationConfig d = SimulationConfig.defaults();
        assertThatThrownBy(() -> d.withSize(5, 10, 10)).hasMessageContaining("tests");
        assertThatThrownBy(() -> d.scaled(0)).hasMessageContaining("factor");
        assertThatThrownBy(() -> with(List.of("unit", "unit"), d.builders(), 14))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> with(d.jobs(), List.of("linux/x64"), 14)).hasMessageContaining("linux/x64");
        assertThatThrownBy(() -> with(d.jobs(), d.builders(), 0)).hasMessageContaining("days");
    }

    private static SimulationConfig with(List<String> jobs, List<String> builders, int days) {
        SimulationConfig d = SimulationConfig.defaults();
        return new SimulationConfig(
                d.seed(),
                d.now(),
                days,
                d.source(),
                jobs,
                builders,
                d.tests(),
                d.revisions(),
                d.changes(),
                d.maxPatchsets(),
                d.flakyFraction(),
                d.minFlakeRate(),
                d.maxFlakeRate(),
                d.builderOnlyFlakyShare(),
                d.mainlineRegressions(),
                d.changeRegressions(),
                d.infraRuns(),
                d.brokenEnvironments(),
                d.trivialRebaseRate(),
                d.abandonRate(),
                d.runRetryRate(),
                d.rerunJobs(),
                d.rerunCount());
    }

    /** The JDK's DOM parser with DTDs refused, as the project's own readers do. */
    private static DocumentBuilder newParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    private static TreeMap<String, byte[]> files(Path dir) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static long countWith(List<Element> testcases, String child) {
        return testcases.stream().filter(tc -> !children(tc, child).isEmpty()).count();
    }

    private static int attrInt(Element e, String name) {
        return Integer.parseInt(e.getAttribute(name));
    }
}
