package io.flakelens.app.serve;

import io.flakelens.app.contract.Json;
import io.javalin.http.Context;

/** Writes JSON replies with the CLI's writer, so the API prints byte-for-byte what the CLI prints. */
final class Replies {
    private Replies() {}

    static void json(Context ctx, int status, Object body) {
        jsonText(ctx, status, text(body));
    }

    /** The reply's text, for a reply written once and sent many times. */
    static String text(Object body) {
        return Json.write(body) + "\n";
    }

    static void jsonText(Context ctx, int status, String text) {
        ctx.status(status).contentType("application/json").result(text);
    }
}
