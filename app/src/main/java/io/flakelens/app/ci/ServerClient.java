package io.flakelens.app.ci;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Talks to a Flakelens server from a CI step: the token from {@code FLAKELENS_TOKEN} as a bearer
 * header (never printed), and retries with backoff on connection errors, 5xx and 429. Every request it
 * sends is safe to repeat: reads change nothing, and the server skips a report it already stored.
 */
public final class ServerClient {
    /** A reply the caller reads. */
    public record Reply(int status, String body, int attempts) {}

    private final URI base;
    private final String token;
    private final Retries retries;
    private final PrintWriter log;
    private final HttpClient http;

    public ServerClient(String url, String token, Retries retries, PrintWriter log) {
        String u = url.strip();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("--server: \"" + url + "\" is not an http:// or https:// URL");
        }
        this.base = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.retries = retries;
        this.log = log;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI base() {
        return base;
    }

    public boolean hasToken() {
        return token != null;
    }

    /**
     * Sends the request until it gets an answer that is not worth retrying.
     *
     * @throws ServerUnreachable when every try failed to connect or got 5xx/429
     */
    public Reply send(
            String method, String path, String contentType, Supplier<HttpRequest.BodyPublisher> body, Duration timeout)
            throws ServerUnreachable {
        String last = null;
        for (int n = 1; ; n++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            Duration wait = retries.waitAfter(n);
            try {
                HttpResponse<String> r =
                        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() < 500 && r.statusCode() != 429) {
                    return new Reply(r.statusCode(), r.body(), n);
                }
                last = "HTTP " + r.statusCode() + " " + error(r.body());
                Optional<String> after = r.headers().firstValue("Retry-After");
                if (after.isPresent() && after.get().strip().matches("\\d{1,4}")) {
                    wait = Duration.ofSeconds(Math.min(
                            Long.parseLong(after.get().strip()),
                            retries.maxWait().toSeconds()));
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerUnreachable("interrupted while talking to " + base);
            }
            if (n >= retries.attempts()) {
                throw new ServerUnreachable(String.format(
                        Locale.ROOT,
                        "%s %s failed %d %s; last: %s",
                        method,
                        base + path,
                        n,
                        n == 1 ? "time" : "times",
                        last));
            }
            log.printf(
                    Locale.ROOT,
                    "flakelens: %s %s: %s; try %d of %d in %.1f s%n",
                    method,
                    path,
                    last,
                    n + 1,
                    retries.attempts(),
                    wait.toMillis() / 1000.0);
            log.flush();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerUnreachable("interrupted while waiting to retry " + base);
            }
        }
    }

    /** The server's {@code {"error": ...}} message, or the body's start. */
    static String error(String body) {
        if (body == null) {
            return "";
        }
        int at = body.indexOf("\"error\"");
        if (at >= 0) {
            int q1 = body.indexOf('"', body.indexOf(':', at) + 1);
            int q2 = q1 < 0 ? -1 : body.indexOf('"', q1 + 1);
            while (q2 > 0 && body.charAt(q2 - 1) == '\\') {
                q2 = body.indexOf('"', q2 + 1);
            }
            if (q1 >= 0 && q2 > q1) {
                return body.substring(q1 + 1, q2).replace("\\\"", "\"");
            }
        }
        String s = body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
