package io.flakelens.core.testgrid;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flakelens.core.model.StorableText;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading TestGrid's JSON: one document, its shape told from its fields, and field access that
 * says which field of which tab is wrong and how.
 */
public final class GridJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What a TestGrid document is, told from its fields rather than from its name. */
    public enum Shape {
        /** The classic {@code /table} JSON: one tab, run-length encoded. */
        TABLE,
        /** The v1 API's {@code /headers}: the columns of a tab. */
        HEADERS,
        /** The v1 API's {@code /rows}: the tests of a tab, one cell per column. */
        ROWS,
        /** Headers and rows saved together in one document. */
        HEADERS_AND_ROWS,
        /** The classic {@code /summary}: tab name to its state. */
        SUMMARY,
        /** The v1 API's {@code /tab-summaries}. */
        TAB_SUMMARIES
    }

    private GridJson() {}

    /** Reads one JSON document, naming the place of a syntax error. */
    public static JsonNode read(String label, InputStream in) throws IOException, TestGridException {
        try {
            JsonNode n = JSON.readTree(in);
            if (n == null || n.isMissingNode()) {
                throw new TestGridException(label, "empty, no JSON in it");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TestGridException(label, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The document's shape, or null when it is none of TestGrid's. */
    public static Shape shape(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        if (n.has("tests") || n.has("changelists") || n.has("timestamps")) {
            return Shape.TABLE;
        }
        if (n.has("headers")) {
            return n.has("rows") ? Shape.HEADERS_AND_ROWS : Shape.HEADERS;
        }
        if (n.has("rows")) {
            return Shape.ROWS;
        }
        if (n.has("tab_summaries") || n.has("tabSummaries")) {
            return Shape.TAB_SUMMARIES;
        }
        if (n.size() > 0) {
            for (JsonNode v : n) {
                if (!v.isObject() || !(v.has("overall_status") || v.has("overallStatus"))) {
                    return null;
                }
            }
            return Shape.SUMMARY;
        }
        return null;
    }

    /** The field under either of its spellings: protobuf's JSON writes {@code cell_id} or {@code cellId}. */
    static JsonNode field(JsonNode n, String name, String alias) {
        JsonNode v = n.get(name);
        if ((v == null || v.isNull()) && alias != null) {
            v = n.get(alias);
        }
        return v == null || v.isNull() ? null : v;
    }

    static JsonNode array(String tab, String where, JsonNode n, String name, String alias, boolean required)
            throws TestGridException {
        JsonNode v = field(n, name, alias);
        if (v == null) {
            if (required) {
                throw new TestGridException(tab, where + "no \"" + name + "\" array");
            }
            return null;
        }
        if (!v.isArray()) {
            throw new TestGridException(tab, where + "\"" + name + "\" is " + kind(v) + ", expected an array");
        }
        return v;
    }

    /** A string (or a number, which some writers give for ids); null when absent. */
    static String text(String tab, String where, JsonNode n, String name, String alias) throws TestGridException {
        JsonNode v = field(n, name, alias);
        if (v == null) {
            return null;
        }
        return scalar(tab, where + "\"" + name + "\"", v);
    }

    static String scalar(String tab, String what, JsonNode v) throws TestGridException {
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw new TestGridException(tab, what + " is " + kind(v) + ", expected a string");
        }
        return storable(tab, what, v.asText());
    }

    static long integer(String tab, String what, JsonNode v) throws TestGridException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new TestGridException(
                    tab, what + " is " + (v == null ? "missing" : kind(v)) + ", expected a whole number");
        }
        return v.asLong();
    }

    static String storable(String tab, String what, String s) throws TestGridException {
        String p = StorableText.problem(s);
        if (p != null) {
            throw new TestGridException(tab, what + " holds " + p + ", which no store can keep");
        }
        return s;
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number (" + v.asText() + ")";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    /** A test's name as messages show it: quoted, cut when long. */
    static String quoted(String s) {
        return "\"" + (s.length() > 200 ? s.substring(0, StorableText.end(s, 200)) + "..." : s) + "\"";
    }
}
