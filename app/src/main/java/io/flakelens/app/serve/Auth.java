package io.flakelens.app.serve;

import io.flakelens.store.ApiTokens;
import io.javalin.http.Context;

/**
 * Checks {@code Authorization: Bearer <token>} against the stored token hashes. The token itself is
 * never logged nor echoed; a refusal says only that a valid token is needed.
 *
 * <p>Reads of a {@code --private} server also accept the token from the dashboard's sign-in cookie
 * (HttpOnly, SameSite=Strict), since a browser cannot send a header when following a link. Uploads
 * never do: a cookie is sent by the browser on its own, so accepting it for writes would invite
 * cross-site requests.
 */
final class Auth {
    static final String COOKIE = "flakelens_token";

    private final StoreAccess store;

    Auth(StoreAccess store) {
        this.store = store;
    }

    /** Whether a read may proceed: a valid bearer header, or else a valid sign-in cookie. */
    boolean allowsRead(Context ctx) {
        if (ctx.header("Authorization") != null) {
            require(ctx);
            return true;
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie != null && !cookie.isBlank() && verify(cookie.strip()) != null;
    }

    /** The token's name, or null when the token is not valid. */
    String verify(String token) {
        return store.with(db -> new ApiTokens(db).verify(token));
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
            throw new ApiError(
                    401,
                    "an Authorization: Bearer <token> header is required"
                            + " (create a token with: flakelens token create --name NAME)");
        }
        String name = verify(token);
        if (name == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiError(401, "the bearer token is not valid");
        }
        return name;
    }
}
