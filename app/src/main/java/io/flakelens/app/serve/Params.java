package io.flakelens.app.serve;

import io.flakelens.app.contract.Window;
import io.javalin.http.Context;
import java.time.Instant;

/** Reads query parameters with the CLI's meanings; a bad value is a 400 that names the parameter. */
final class Params {
    private Params() {}

    static Instant since(Context ctx, String fallback) {
        String v = blankToNull(ctx.queryParam("since"));
        try {
            return Window.start(v == null ? fallback : v, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("since", e.getMessage());
        }
    }

    static int limit(Context ctx, int fallback) {
        String v = blankToNull(ctx.queryParam("limit"));
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("limit", "cannot read \"" + v + "\"; use a whole number, 0 for all");
        }
    }

    static String text(Context ctx, String name) {
        return blankToNull(ctx.queryParam(name));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
