package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatSnifferTest {

    private static Optional<String> sniff(byte[] data) {
        return FormatSniffer.sniff(data, Math.min(data.length, FormatSniffer.HEAD))
                .map(ReportParser::format);
    }

    private static Optional<String> sniff(String text) {
        return sniff(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "<{0}> -> {1}")
    @CsvSource({
        "testsuites, junit",
        "testsuite, junit",
        "testcase, junit",
        "test-run, nunit",
        "test-results, nunit",
        "test-suite, nunit",
        "assemblies, xunit",
        "assembly, xunit",
        "TestRun, trx"
    })
    void xmlIsToldByItsRootElement(String root, String format) {
        assertThat(sniff("<?xml version=\"1.0\"?>\n<" + root + " name=\"x\"></" + root + ">"))
                .contains(format);
    }

    @Test
    void theRootIsFoundPastBomCommentsStylesheetsDoctypesAndNamespaces() {
        assertThat(sniff("\uFEFF<?xml version=\"1.0\"?>\n<!-- made by a tool -->\n<?xml-stylesheet href=\"a.xsl\"?>\n"
                        + "<!DOCTYPE test-results [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<test-results/>"))
                .contains("nunit");
        assertThat(sniff("<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"/>"))
                .contains("trx");
        assertThat(sniff("<ns:testsuites xmlns:ns=\"urn:x\"/>")).contains("junit");
    }

    @Test
    void utf16XmlIsDecodedBeforeLooking() {
        byte[] le = "\uFEFF<assemblies/>".getBytes(StandardCharsets.UTF_16LE);
        byte[] beNoBom = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><TestRun/>".getBytes(StandardCharsets.UTF_16BE);
        assertThat(sniff(le)).contains("xunit");
        assertThat(sniff(beNoBom)).contains("trx");
    }

    @Test
    void xmlWithAnUnknownRootIsNoKnownFormatButTruncatedXmlGoesToJUnitForAPosition() {
        assertThat(sniff("<suites><suite/></suites>")).isEmpty();
        assertThat(sniff("<?xml version=\"1.0\"?>\n<!-- cut")).contains("junit");
    }

    @Test
    void goTest2JsonIsToldByItsActionEvenAfterBuildOutput() {
        assertThat(sniff("{\"Time\":\"2024-01-01T00:00:00Z\",\"Action\":\"start\",\"Package\":\"p\"}\n"))
                .contains("go-test2json");
        assertThat(sniff("go: downloading example.com/dep v1.0.0\n# example.com/p\n"
                        + "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestA\"}\n"))
                .contains("go-test2json");
        // go test's plain text output is not test2json, and not TAP either.
        assertThat(sniff("=== RUN   TestA\n--- PASS: TestA (0.00s)\nPASS\nok  \tp\t0.01s\n"))
                .isEmpty();
        assertThat(sniff("ok  \texample.com/p\t0.012s\n")).isEmpty();
    }

    @Test
    void cockpitRecordsAreToldByTheirKeysEvenWhenTheLogOutrunsTheHead() {
        String longLog = "x".repeat(FormatSniffer.HEAD * 2);
        assertThat(sniff("{\"id\": \"cockpit:1\", \"status\": \"failure\", \"pull\": 7, \"log\": \"" + longLog
                        + "\", \"test\": \"t\"}"))
                .contains("cockpit");
        assertThat(sniff("[\n  {\"test\": \"testA (m.C)\", \"log\": \"...\"}\n]"))
                .contains("cockpit");
        assertThat(sniff("{\"status\": \"failure\", \"test\": \"t\", \"log\": \"x\"}\n{\"status\": \"failure\"}"))
                .contains("cockpit");
    }

    @Test
    void otherJsonIsNoKnownFormat() {
        // Mocha's JSON reporter, and a key name that only appears inside a string value.
        assertThat(sniff("{\"stats\": {\"suites\": 1}, \"tests\": [], \"failures\": []}"))
                .isEmpty();
        assertThat(sniff("{\"message\": \"the \\\"log\\\": field and \\\"test\\\": too\"}"))
                .isEmpty();
        assertThat(sniff("{\"key\": \"val\", malformed: \"key\"}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "TAP version 13\\nok 1 - a",
                "TAP version 14\\n1..1\\nok 1",
                "1..3\\nok 1",
                "ok 1 - first",
                "not ok 1 - first",
                "# Subtest: suite\\n    1..1\\n    ok 1",
                "\\n# comment first\\n#\\nok - no number",
                "> npm test\\nsome harness output\\nTAP version 13\\nok 1"
            })
    void tapIsToldByItsVersionLineOrAPlanOrPointFirst(String text) {
        assertThat(sniff(text.replace("\\n", "\n"))).contains("tap");
    }

    @Test
    void textThatIsNotTapIsNoKnownFormat() {
        assertThat(sniff("this is not a report")).isEmpty();
        assertThat(sniff("okay then\nok 1")).isEmpty();
        assertThat(sniff("Running tests...\nok 1 - looks like TAP but the first line says otherwise"))
                .isEmpty();
        // What an old `go test -json` printed when the build failed: compiler text, no JSON.
        assertThat(sniff("# package/name/broken [package/name/broken.test]\n./main.go:4:6: undefined: x\n"
                        + "FAIL\tpackage/name/broken [build failed]\n"))
                .isEmpty();
    }

    @Test
    void emptyInputIsNoKnownFormat() {
        assertThat(sniff(new byte[0])).isEmpty();
        assertThat(sniff("   \n\n")).isEmpty();
    }
}
