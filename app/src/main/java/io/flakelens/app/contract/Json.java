package io.flakelens.app.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON writer of the command line and the API: pretty, keys in the order the records
 * declare them (or the maps give them), so a script's diff of two outputs shows only data.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();

    private Json() {}

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** On one line, for JSON-lines output. */
    public static String line(Object o) {
        try {
            return LINES.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A rate as printed everywhere: four decimals, so outputs are stable across runs. */
    static double rate(double r) {
        return Math.round(r * 10_000) / 10_000.0;
    }
}
