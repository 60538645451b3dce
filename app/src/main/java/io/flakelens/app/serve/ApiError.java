package io.flakelens.app.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failure the client caused or must know about; becomes {@code {"error": ..., "parameter": ...}}. */
final class ApiError extends RuntimeException {
    private final int status;
    private final String parameter;

    ApiError(int status, String message, String parameter) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    ApiError(int status, String message) {
        this(status, message, null);
    }

    static ApiError badParameter(String parameter, String message) {
        return new ApiError(400, message, parameter);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        if (parameter != null) {
            m.put("parameter", parameter);
        }
        return m;
    }
}
