package io.flakelens.core.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.StorableText;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cockpit's failure records: each is one attempt of one test in one CI context on one revision of
 * a pull request, so each carries its own run rather than borrowing the caller's. They come one
 * per file, as a JSON array or as JSON lines; one streaming JSON reader takes all three, holding a
 * single record (whose log can be most of a megabyte) at a time. A record's log is its failure
 * text: the head names the test and the tail holds the traceback, so a log longer than the detail
 * cap keeps both ends rather than the boot noise in between.
 */
public final class CockpitRecordParser implements ReportParser {
    /**
     * The caller owns the stream: reading a report must not close it. Built on first use: the sniffer
     * holds every parser, and most reports are not Cockpit's.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    private static final Set<String> KNOWN =
            Set.of("id", "status", "pull", "log", "test", "context", "date", "merged", "revision");
    /** {@code testBasic (check_journal.TestJournal)}: Python unittest's way of naming a test. */
    private static final Pattern UNITTEST_NAME = Pattern.compile("^\\s*(\\S.*?)\\s+\\(([^()\\s]+)\\)\\s*$");

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern INTERESTING = Pattern.compile("Error|Traceback|FAIL");
    /** Of the detail cap, how much goes to the head of a long log; the rest is its tail. */
    private static final int HEAD = 4_096;

    @Override
    public String format() {
        return "cockpit";
    }

    @Override
    public void parse(InputStream in, CaseSink sink) throws IOException, ReportException {
        try (JsonParser p = Json.MAPPER.createParser(in)) {
            boolean singleLine = false;
            JsonToken t = next(p);
            if (t == JsonToken.START_ARRAY) {
                while ((t = next(p)) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw positioned(p.currentLocation(), "the array of records is not closed");
                    }
                    record(p, t, sink, false);
                }
                if (next(p) != null) {
                    throw positioned(p.currentTokenLocation(), "content after the array of records");
                }
                return;
            }
            while (t != null) {
                // JSON lines: once records are seen to fit on one line each, an error names the
                // line its record began on (a truncated line is only noticed on the line after).
                singleLine = record(p, t, sink, singleLine);
                t = next(p);
            }
        }
    }

    /** Reads one record; returns whether it began and ended on the same line. */
    private static boolean record(JsonParser p, JsonToken t, CaseSink sink, boolean recordsAreLines)
            throws IOException, ReportException {
        JsonLocation begin = p.currentTokenLocation();
        if (t != JsonToken.START_OBJECT) {
            throw positioned(begin, "expected a failure record (a JSON object), found " + t.asString());
        }
        JsonNode node;
        try {
            node = p.readValueAsTree();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (recordsAreLines && at != null && at.getLineNr() > begin.getLineNr()) {
                throw new ReportException(
                        "malformed JSON in the record on this line: " + e.getOriginalMessage(),
                        begin.getLineNr(),
                        begin.getColumnNr(),
                        e);
            }
            throw new ReportException(
                    "malformed JSON: " + e.getOriginalMessage(),
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    e);
        }
        long line = begin.getLineNr();
        sink.accept(testCase(node, line), run(node, line));
        return p.currentLocation().getLineNr() == line;
    }

    static TestCase testCase(JsonNode r, long line) throws ReportException {
        String test = text(r, "test");
        if (test == null || test.isBlank()) {
            throw new ReportException("record without a \"test\" field", line, 0);
        }
        Outcome outcome = outcome(text(r, "status"), line);
        String log = text(r, "log");
        Failure failure = null;
        if (outcome != Outcome.PASS && log != null && !log.isBlank()) {
            failure = new Failure(null, headline(log), excerpt(log));
        }
        return new TestCase(identity(test), null, List.of(new Attempt(outcome, -1, failure)));
    }

    static Run run(JsonNode r, long line) {
        String id = text(r, "id");
        String pull = text(r, "pull");
        // Cockpit writes pull 0 for runs on a branch rather than on a pull request.
        if ("0".equals(pull)) {
            pull = null;
        }
        String revision = text(r, "revision");
        String context = text(r, "context");
        String date = text(r, "date");
        if (id == null) {
            id = String.join("/", nz(text(r, "pull")), nz(revision), nz(context), nz(date));
        }
        JsonNode merged = r.get("merged");
        Map<String, Object> extra = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = r.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!KNOWN.contains(f.getKey()) && !f.getValue().isNull()) {
                extra.put(
                        f.getKey(),
                        f.getValue().isValueNode()
                                ? f.getValue().asText()
                                : f.getValue().toString());
            }
        }
        Instant started = instant(r.get("date"));
        if (started == null && date != null) {
            extra.put("date", date);
        }
        return new Run(
                "cockpit",
                id,
                "cockpit",
                context,
                revision,
                pull,
                null,
                revision,
                null,
                null,
                started,
                null,
                null,
                null,
                merged == null || merged.isNull() ? null : merged.asBoolean(),
                extra);
    }

    private static Outcome outcome(String status, long line) throws ReportException {
        if (status == null) {
            // A Cockpit record is a failure record unless it says otherwise.
            return Outcome.FAIL;
        }
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "failure", "fail", "failed" -> Outcome.FAIL;
            case "error" -> Outcome.ERROR;
            case "success", "pass", "passed" -> Outcome.PASS;
            case "skip", "skipped" -> Outcome.SKIP;
            default ->
                throw new ReportException(
                        "unknown status \"" + status + "\" (expected failure, error, success, pass or skip)", line, 0);
        };
    }

    static TestId identity(String test) {
        Matcher m = UNITTEST_NAME.matcher(test);
        if (m.matches()) {
            return new TestId(m.group(2), m.group(1));
        }
        return new TestId("", test.strip());
    }

    /**
     * The line a person would quote: the exception that ends a Python traceback, else the first
     * line mentioning an error or failure, else the first line that is not a {@code #} banner.
     */
    static String headline(String log) {
        String[] lines = log.split("\n");
        String firstInteresting = null;
        String firstPlain = null;
        for (int i = 0; i < lines.length; i++) {
            String line = clean(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            if (line.contains("Traceback (most recent call last)")) {
                for (int j = i + 1; j < lines.length; j++) {
                    String next = clean(lines[j]);
                    if (!next.isEmpty() && !Character.isWhitespace(lines[j].charAt(0))) {
                        return next;
                    }
                }
            }
            if (firstInteresting == null && INTERESTING.matcher(line).find()) {
                firstInteresting = line;
            }
            if (firstPlain == null && !line.startsWith("#")) {
                firstPlain = line;
            }
        }
        return firstInteresting != null ? firstInteresting : firstPlain;
    }

    /** The whole log when it fits the cap, else its head and its tail with a marker between. */
    static String excerpt(String log) {
        int max = Failure.MAX_DETAIL;
        if (log.length() <= max) {
            return log;
        }
        String marker = "\n[... " + (log.length() - max) + " characters omitted ...]\n";
        int tail = max - HEAD - marker.length();
        return log.substring(0, StorableText.end(log, HEAD))
                + marker
                + log.substring(StorableText.start(log, log.length() - tail));
    }

    private static String clean(String line) {
        return ANSI.matcher(line).replaceAll("").strip();
    }

    private static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
        }
        String s = v.asText().strip();
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // fall through: no zone given
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonToken next(JsonParser p) throws IOException, ReportException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException e) {
            throw positioned(e.getLocation(), "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static ReportException positioned(JsonLocation at, String reason) {
        return new ReportException(reason, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
