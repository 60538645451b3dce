package io.flakelens.core.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads failure records: JSON lines, a JSON array of objects, or one object (Cockpit writes all
 * three). Each record gives an id, a text and, when present, the test, the job (Cockpit's
 * {@code context}) and whether it was a flake ({@code flaky}, else Cockpit's {@code merged}).
 * Invalid UTF-8 is read as replacement characters. A line that is not a JSON object is reported
 * with its number and skipped; a record without text is kept (with an empty text) and reported.
 *
 * @param idField   field holding the id; a record without one is named {@code source:line}
 * @param textField field holding the text; Cockpit's {@code log} is the fallback when it is absent
 */
public record FailureRecords(String idField, String textField) {
    private static final ObjectMapper JSON =
            JsonMapper.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    /** A record that was skipped or read with a caveat. */
    public record Problem(String source, long line, String reason) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + reason;
        }
    }

    /**
     * A record as read: the failure, and what evaluation and selection need beside it.
     *
     * @param label  the record's {@code label} (same label = same cause), for scoring clusters; may be null
     * @param change the pull request or change ({@code pull}, {@code change}), for folds that keep a change together
     * @param at     when it failed ({@code date}), for {@code --since}; may be null
     */
    public record Entry(FailureText failure, String label, String change, java.time.Instant at) {}

    public static FailureRecords defaults() {
        return new FailureRecords("id", "text");
    }

    public void read(InputStream raw, String source, Consumer<FailureText> records, Consumer<Problem> problems)
            throws IOException {
        readEntries(raw, source, e -> records.accept(e.failure()), problems);
    }

    public void readEntries(InputStream raw, String source, Consumer<Entry> records, Consumer<Problem> problems)
            throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 1);
        int first;
        do {
            first = in.read();
        } while (first == ' '
                || first == '\n'
                || first == '\r'
                || first == '\t'
                || first == 0xEF
                || first == 0xBB
                || first == 0xBF);
        if (first < 0) {
            return;
        }
        in.unread(first);
        if (first == '[') {
            readArray(in, source, records, problems);
        } else {
            readLines(in, source, records, problems);
        }
    }

    private void readLines(InputStream in, String source, Consumer<Entry> records, Consumer<Problem> problems)
            throws IOException {
        BufferedReader r = new BufferedReader(
                new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                1 << 16);
        String line;
        long n = 0;
        StringBuilder pending = null;
        long pendingStart = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (pending != null) {
                // a pretty-printed single object spans lines: gather until it parses
                pending.append('\n').append(line);
                JsonNode node = tryParse(pending.toString());
                if (node != null) {
                    accept(node, source, pendingStart, records, problems);
                    pending = null;
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (n == 1 && line.strip().equals("{")) {
                    pending = new StringBuilder(line);
                    pendingStart = n;
                    continue;
                }
                problems.accept(new Problem(source, n, "not a JSON object (" + brief(e) + "), skipped"));
                continue;
            }
            accept(node, source, n, records, problems);
        }
        if (pending != null) {
            problems.accept(new Problem(source, pendingStart, "JSON object not closed, skipped"));
        }
    }

    private static JsonNode tryParse(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void readArray(InputStream in, String source, Consumer<Entry> records, Consumer<Problem> problems)
            throws IOException {
        try (JsonParser p = JSON.createParser(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                long line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    problems.accept(new Problem(source, line, "not a JSON object, skipped"));
                    p.skipChildren();
                    continue;
                }
                accept(p.readValueAsTree(), source, line, records, problems);
            }
            if (t == null) {
                problems.accept(new Problem(source, p.currentLocation().getLineNr(), "the array is not closed"));
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.accept(
                    new Problem(source, line, "malformed JSON (" + brief(e) + "), the rest of the file skipped"));
        }
    }

    private void accept(JsonNode node, String source, long line, Consumer<Entry> records, Consumer<Problem> problems) {
        if (!node.isObject()) {
            problems.accept(new Problem(source, line, "not a JSON object, skipped"));
            return;
        }
        String id = text(node, idField);
        if (id == null || id.isEmpty()) {
            id = source + ":" + line;
        }
        String text = text(node, textField);
        if (text == null && !"log".equals(textField)) {
            text = text(node, "log");
        }
        if (text == null || text.isBlank()) {
            problems.accept(new Problem(
                    source,
                    line,
                    "record " + id + " has no text (field \"" + textField
                            + "\"); clustered with the other text-less failures"));
            text = "";
        }
        String test = text(node, "test");
        String job = text(node, "job");
        if (job == null) {
            job = text(node, "context");
        }
        Boolean flaky = bool(node, "flaky");
        if (flaky == null) {
            flaky = bool(node, "merged");
        }
        String change = text(node, "pull");
        if (change == null) {
            change = text(node, "change");
        }
        records.accept(new Entry(
                new FailureText(id, text, test, job, flaky), text(node, "label"), change, instant(node.get("date"))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "true", "1", "yes" -> Boolean.TRUE;
            case "false", "0", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static java.time.Instant instant(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return java.time.Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
        }
        String s = v.asText().strip();
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String brief(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        int nl = m == null ? -1 : m.indexOf('\n');
        return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
    }
}
