package io.flakelens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * XML reports come in UTF-8 (most), with or without a byte-order mark or a declaration, and now and
 * then in another encoding their declaration names. UTF-8 goes through the JDK's decoder, everything
 * else through Woodstox's reading of the prolog: each must come out as the same names.
 */
class ReportEncodingTest {
    private final JUnitXmlParser parser = new JUnitXmlParser();

    private static final String BODY =
            "<testsuite name=\"s\"><testcase classname=\"Caf\u00e9Test\" name=\"na\u00efve \u2713\"/>"
                    + "</testsuite>\n";

    private String onlyId(byte[] report) throws Exception {
        return Parsed.parse(parser, report).only().id().id();
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void utf8WithoutADeclarationWithADeclarationAndWithAByteOrderMarkReadAlike() throws Exception {
        String expected = "Caf\u00e9Test::na\u00efve \u2713";
        assertThat(onlyId(bytes(BODY, StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(onlyId(bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + BODY, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(onlyId(bytes("<?xml version='1.0' encoding = 'utf8' ?>" + BODY, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertThat(onlyId(concat(bom, bytes("<?xml version=\"1.0\"?>\n" + BODY, StandardCharsets.UTF_8))))
                .isEqualTo(expected);
        assertThat(onlyId(concat(bom, bytes(BODY, StandardCharsets.UTF_8)))).isEqualTo(expected);
    }

    @Test
    void aReportInTheEncodingItsDeclarationNamesIsReadInThatEncoding() throws Exception {
        String latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<testsuite name=\"s\"><testcase classname=\"Caf\u00e9Test\" name=\"na\u00efve\"/></testsuite>\n";
        // 0xE9 and 0xEF alone are not UTF-8: read as UTF-8, this report would be refused
        assertThat(onlyId(bytes(latin, StandardCharsets.ISO_8859_1))).isEqualTo("Caf\u00e9Test::na\u00efve");
    }

    @Test
    void utf16WithAByteOrderMarkIsReadAsUtf16() throws Exception {
        String doc = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + BODY;
        assertThat(onlyId(bytes(doc, StandardCharsets.UTF_16LE))).isEqualTo("Caf\u00e9Test::na\u00efve \u2713");
        assertThat(onlyId(bytes(doc, StandardCharsets.UTF_16BE))).isEqualTo("Caf\u00e9Test::na\u00efve \u2713");
    }

    @Test
    void aDeclarationLongerThanTheReadAheadIsLeftToTheXmlReader() throws Exception {
        String latin = "<?xml version=\"1.0\"" + " ".repeat(SecureXml.PROLOG) + " encoding=\"ISO-8859-1\"?>\n"
                + "<testsuite name=\"s\"><testcase classname=\"C\" name=\"caf\u00e9\"/></testsuite>\n";
        assertThat(onlyId(bytes(latin, StandardCharsets.ISO_8859_1))).isEqualTo("C::caf\u00e9");
    }

    @Test
    void whichPrologsAreUtf8() {
        assertThat(SecureXml.declaresUtf8(new byte[0])).isTrue();
        assertThat(SecureXml.declaresUtf8(bytes("<testsuite>", StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(SecureXml.declaresUtf8(bytes("<?xml version=\"1.0\"?><a/>", StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(SecureXml.declaresUtf8(bytes("<?xml version=\"1.0\" encoding=\"Utf-8\"?>", StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(SecureXml.declaresUtf8(
                        bytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(SecureXml.declaresUtf8(
                        bytes("<?xml version=\"1.0\" encoding=\"US-ASCII\"?>", StandardCharsets.UTF_8)))
                .isFalse();
        // UTF-16 without a byte-order mark: every other byte of "<?xml" is zero
        assertThat(SecureXml.declaresUtf8(bytes("<?xml version=\"1.0\"?>", StandardCharsets.UTF_16BE)))
                .isFalse();
        assertThat(SecureXml.declaresUtf8(bytes("<?xml version=\"1.0\"?>", StandardCharsets.UTF_16LE)))
                .isFalse();
        // a declaration that never ends within what was read
        assertThat(SecureXml.declaresUtf8(bytes("<?xml version=\"1.0\"", StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void malformedUtf8FailsTheParseAsACodingError() {
        byte[] report = concat(
                bytes(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"s\"><testcase classname=\"C\" name=\"caf",
                        StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE9},
                bytes("\"/></testsuite>\n", StandardCharsets.UTF_8));
        Throwable t = catchThrowable(() -> Parsed.parse(parser, report));
        assertThat(t).isInstanceOf(ReportException.class);
        // the ingest finds a coding error in the chain and rescans the file for the bad byte's line
        boolean coding = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            coding |= c instanceof CharacterCodingException
                    || String.valueOf(c.getMessage()).contains("Invalid UTF-8");
        }
        assertThat(coding).as("a coding error in %s", t).isTrue();
    }
}
