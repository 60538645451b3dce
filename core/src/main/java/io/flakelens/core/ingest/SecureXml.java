package io.flakelens.core.ingest;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader that refuses what test reports never need and attackers love: any DTD (so no
 * external entities and no entity-expansion bombs), absurd nesting, and unbounded text. Every
 * XML format parser reads through this one place.
 */
final class SecureXml {
    /** Deeper than any real report (PHPUnit nests suites a handful of levels). */
    static final int MAX_DEPTH = 256;

    private static final XMLInputFactory FACTORY = create();

    private SecureXml() {}

    private static XMLInputFactory create() {
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH + 1);
        // Lazy parsing defers errors to getText(), as unchecked exceptions: parse eagerly so every
        // error arrives from next() with its position (found by ParserFuzzTest).
        f.setProperty(WstxInputProperties.P_LAZY_PARSING, false);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 1_000);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 1 << 20);
        // No DTD is read, so no entity can be declared; Woodstox 7 refuses 0 here (minimum 1)
        // and failed the class initialiser, so the smallest allowed value stands in for "none".
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        return f;
    }

    /** Bytes read ahead for the BOM and the XML declaration; a declaration is far shorter. */
    static final int PROLOG = 512;

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] XML_DECLARATION = "<?xml".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern ENCODING = Pattern.compile("\\sencoding\\s*=\\s*(['\"])([^'\"]*)\\1");

    /**
     * A reader of {@code in}. A report in UTF-8 (a UTF-8 byte-order mark, a declaration naming
     * UTF-8, or no declaration at all, which XML reads as UTF-8) is decoded by the JDK's decoder,
     * which checks runs of ASCII many bytes at a time: Woodstox's own decoder was a third of the
     * parse thread on a 94 MB report. Malformed bytes still fail the parse, as a
     * {@link java.nio.charset.CharacterCodingException}. Any other encoding, or a prolog this does
     * not understand, is left to Woodstox, which reads the declaration itself.
     */
    static XMLStreamReader open(InputStream in) throws ReportException {
        try {
            PushbackInputStream ahead = new PushbackInputStream(in, PROLOG);
            byte[] head = ahead.readNBytes(PROLOG);
            boolean bom = startsWith(head, UTF8_BOM);
            if (bom || declaresUtf8(head)) {
                int skip = bom ? UTF8_BOM.length : 0;
                ahead.unread(head, skip, head.length - skip);
                return FACTORY.createXMLStreamReader(new InputStreamReader(
                        ahead,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)));
            }
            ahead.unread(head);
            return FACTORY.createXMLStreamReader(ahead);
        } catch (XMLStreamException e) {
            throw wrap(e);
        } catch (IOException e) {
            throw new ReportException("cannot read: " + e.getMessage(), 0, 0, e);
        }
    }

    /**
     * True when {@code head}, the start of a document without a byte-order mark, is UTF-8 by XML's
     * rules: it opens with something other than an XML declaration (no declaration means UTF-8), or
     * with a declaration whose encoding is absent or UTF-8. False for UTF-16 and UTF-32, which start
     * with a zero byte or a byte-order mark, and for a declaration cut off by the read-ahead.
     */
    static boolean declaresUtf8(byte[] head) {
        if (head.length == 0) {
            return true;
        }
        int first = head[0] & 0xff;
        if (first == 0 || first == 0xFE || first == 0xFF) {
            return false;
        }
        if (head.length > 1 && head[1] == 0) {
            return false;
        }
        if (!startsWith(head, XML_DECLARATION)) {
            return true;
        }
        String declaration = null;
        for (int i = XML_DECLARATION.length; i + 1 < head.length; i++) {
            if (head[i] == '?' && head[i + 1] == '>') {
                declaration = new String(head, 0, i, StandardCharsets.ISO_8859_1);
                break;
            }
        }
        if (declaration == null) {
            return false;
        }
        Matcher m = ENCODING.matcher(declaration);
        if (!m.find()) {
            return true;
        }
        String name = m.group(2);
        return name.equalsIgnoreCase("UTF-8") || name.equalsIgnoreCase("UTF8");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Advances to the next event, refusing DTDs and entity references and bounding depth. Returns
     * the event type.
     */
    static int next(XMLStreamReader r, int[] depth) throws ReportException {
        try {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD ->
                    throw positioned(r, "DTDs are refused (no external entities or entity expansion)");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw positioned(r, "undeclared entity reference &" + r.getLocalName() + ";");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth[0] > MAX_DEPTH) {
                        throw positioned(r, "elements nested deeper than " + MAX_DEPTH);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth[0]--;
                default -> {}
            }
            return ev;
        } catch (XMLStreamException e) {
            throw wrap(e);
        }
    }

    /**
     * Reads the text content of the current element up to its end tag, keeping at most
     * {@code max} characters, skipping child elements' tags but keeping their text.
     */
    static String text(XMLStreamReader r, int[] depth, int max) throws ReportException {
        StringBuilder sb = new StringBuilder();
        int start = depth[0];
        while (true) {
            int ev = next(r, depth);
            if (ev == XMLStreamConstants.CHARACTERS
                    || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                appendText(r, sb, max);
            } else if (ev == XMLStreamConstants.END_ELEMENT && depth[0] < start) {
                return sb.toString();
            } else if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw positioned(r, "document ended inside an element");
            }
        }
    }

    /**
     * Appends the current text event, keeping {@code sb} within {@code max} characters. Woodstox
     * parses text lazily and reports a fault in it (a NUL character, say) only when the text is
     * read, as an unchecked exception: that is turned into a positioned ReportException here.
     */
    static void appendText(XMLStreamReader r, StringBuilder sb, int max) throws ReportException {
        int room = max - sb.length();
        if (room <= 0) {
            return;
        }
        try {
            char[] chars = r.getTextCharacters();
            int start = r.getTextStart();
            int len = Math.min(r.getTextLength(), room);
            // a cut must not split a surrogate pair: half a character is text no store can keep
            if (len < r.getTextLength() && len > 0 && Character.isHighSurrogate(chars[start + len - 1])) {
                len--;
            }
            sb.append(chars, start, len);
        } catch (WstxLazyException e) {
            throw e.getCause() instanceof XMLStreamException x ? wrap(x) : positioned(r, "malformed XML text");
        }
    }

    /**
     * Advances to the next child element of the element that began at depth {@code start}; false at
     * its end tag. Callers consume each child whole (read its text, skip it) before asking again.
     */
    static boolean nextChild(XMLStreamReader r, int[] depth, int start, String inside) throws ReportException {
        return nextChild(r, depth, start, inside, null, 0);
    }

    /**
     * As {@link #nextChild(XMLStreamReader, int[], int, String)}, also keeping up to {@code max} characters
     * of the element's own text met on the way (some writers put the trace there, not in a child).
     */
    static boolean nextChild(XMLStreamReader r, int[] depth, int start, String inside, StringBuilder text, int max)
            throws ReportException {
        while (true) {
            int ev = next(r, depth);
            if (ev == XMLStreamConstants.END_ELEMENT && depth[0] < start) {
                return false;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw positioned(r, "document ended inside " + inside);
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (text != null && (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)) {
                appendText(r, text, max);
            }
        }
    }

    /** Skips the current element and everything in it. */
    static void skip(XMLStreamReader r, int[] depth) throws ReportException {
        int start = depth[0];
        while (true) {
            int ev = next(r, depth);
            if (ev == XMLStreamConstants.END_ELEMENT && depth[0] < start) {
                return;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw positioned(r, "document ended inside an element");
            }
        }
    }

    static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * The element's name without a prefix: the factory is not namespace-aware, and some writers
     * prefix every element.
     */
    static String local(XMLStreamReader r) {
        String name = r.getLocalName();
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    /** Stripped text, or null when there is none. */
    static String stripToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static ReportException positioned(XMLStreamReader r, String reason) {
        Location loc = r.getLocation();
        return new ReportException(
                reason, loc == null ? 0 : loc.getLineNumber(), loc == null ? 0 : loc.getColumnNumber());
    }

    static ReportException wrap(XMLStreamException e) {
        Location loc = e.getLocation();
        String msg = e.getMessage();
        // Woodstox prefixes the message with a position block; the position is reported apart.
        if (msg != null && msg.startsWith("ParseError at")) {
            int nl = msg.indexOf("Message: ");
            if (nl >= 0) {
                msg = msg.substring(nl + "Message: ".length());
            }
        }
        if (msg != null) {
            int at = msg.indexOf("\n at [");
            if (at >= 0) {
                msg = msg.substring(0, at);
            }
            msg = msg.strip();
        }
        if (msg == null || msg.isEmpty()) {
            msg = "malformed XML";
        }
        if (e.getNestedException() != null
                && e.getNestedException().getMessage() != null
                && msg.equals("malformed XML")) {
            msg = e.getNestedException().getMessage();
        }
        if (msg.contains("Unexpected EOF") || msg.contains("Unexpected end of input")) {
            msg = "truncated XML: " + msg;
        }
        return new ReportException(
                "malformed XML: " + msg,
                loc == null ? 0 : loc.getLineNumber(),
                loc == null ? 0 : loc.getColumnNumber(),
                e);
    }

    /** Parses the seconds attributes reports write ("1.5", "1,234.5", "", "NaN") leniently. */
    static long seconds(String v) {
        if (v == null) {
            return -1;
        }
        try {
            double s = Double.parseDouble(v.replace(",", "").strip());
            if (Double.isNaN(s) || s < 0 || Double.isInfinite(s)) {
                return -1;
            }
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
