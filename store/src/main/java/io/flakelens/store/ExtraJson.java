package io.flakelens.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The run's unknown manifest fields, kept as a JSON object text in {@code run.extra}. */
final class ExtraJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExtraJson() {}

    static String write(Map<String, Object> extra) {
        try {
            return JSON.writeValueAsString(extra);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
