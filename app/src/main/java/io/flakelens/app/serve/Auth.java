package io.flakelens.app.serve;

import io.flakelens.store.ApiTokens;
import io.javalin.http.Context;

/**
 * Checks {@code Authorization: Bearer <token>} against the stored token hashes. The token itself is
 * never logged nor echoed; a refusal says only that a valid token is needed.
 */
final class Auth {
    private final StoreAccess store;

    Auth(StoreAccess store) {
        this.store = store;
    }

    /** Throws a 401 unless the request carries a valid token; returns the token's name. */
    String require(Context ctx) {
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        if (token == null || token.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "an Authorization: Bearer <token> header is required"
                    + " (create a token with: flakelens token create --name NAME)");
        }
        String presented = token;
        String name = store.with(db -> new ApiTokens(db).verify(presented));
        if (name == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "the bearer token is not valid");
        }
        return name;
    }
}
