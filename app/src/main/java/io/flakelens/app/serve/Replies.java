package io.flakelens.app.serve;

import io.flakelens.app.contract.Json;
import io.javalin.http.Context;

/** Writes JSON replies with the CLI's writer, so the API prints byte-for-byte what the CLI prints. */
final class Replies {
    private Replies() {}

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body) + "\n");
    }
}
