package io.flakelens.app.serve;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.HashMap;
import java.util.Map;

/**
 * Signing in to a {@code --private} dashboard: a form takes an API token (from {@code flakelens
 * token create}) and keeps it in an HttpOnly cookie, so pages and their JSON twins open from links.
 */
final class SignIn {
    /** A month: a dashboard is opened daily, and the token can be revoked at any time. */
    private static final int MAX_AGE_SECONDS = 30 * 24 * 3600;

    private final Auth auth;
    private final TemplateEngine jte = TemplateEngine.createPrecompiled(ContentType.Html);

    SignIn(Auth auth) {
        this.auth = auth;
    }

    void form(Context ctx) {
        render(ctx, 200, next(ctx.queryParam("next")), null);
    }

    void submit(Context ctx) {
        String next = next(ctx.formParam("next"));
        String token = ctx.formParam("token");
        if (token == null || token.isBlank() || auth.verify(token.strip()) == null) {
            render(ctx, 401, next, "That token is not valid.");
            return;
        }
        Cookie c = new Cookie(Auth.COOKIE, token.strip(), "/", MAX_AGE_SECONDS, secure(ctx));
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        ctx.cookie(c);
        ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void signOut(Context ctx) {
        ctx.removeCookie(Auth.COOKIE, "/");
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Sends a browser that is not signed in to the form, remembering where it was going. */
    static void redirect(Context ctx) {
        String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.redirect("/login?next=" + Fmt.enc(target), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Only paths on this server: an open redirect would let a link send a signed-in user elsewhere. */
    static String next(String raw) {
        if (raw == null
                || !raw.startsWith("/")
                || raw.startsWith("//")
                || raw.contains("\\")
                || raw.startsWith("/login")) {
            return "/";
        }
        return raw;
    }

    private static boolean secure(Context ctx) {
        return ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private void render(Context ctx, int status, String next, String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("next", next);
        m.put("error", error);
        StringOutput out = new StringOutput();
        jte.render("login.jte", m, out);
        ctx.status(status).html(out.toString());
    }
}
