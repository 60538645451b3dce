package io.flakelens.app.testgrid;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.core.testgrid.GridJson;
import io.flakelens.core.testgrid.TestGridException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GETs TestGrid's JSON over {@code java.net.http}. Reads are idempotent, so a connection error, a
 * 429 or a 5xx is retried with doubling back-off; anything else that is not a 200 fails the one
 * document with the URL and the status.
 */
final class TestGridClient {
    private final HttpClient http;
    private final int retries;
    private final Duration backoff;

    TestGridClient(int retries, Duration backoff) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.retries = retries;
        this.backoff = backoff;
    }

    /** The production client: 2 retries from 1 s. */
    static TestGridClient standard() {
        return new TestGridClient(2, Duration.ofSeconds(1));
    }

    /** @param label what errors name: the tab, or the dashboard for a summary */
    JsonNode get(String label, URI uri) throws TestGridException {
        int attempt = 0;
        while (true) {
            HttpRequest req = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(120))
                    .header("Accept", "application/json")
                    .header("User-Agent", "flakelens")
                    .GET()
                    .build();
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (attempt++ < retries) {
                    pause(attempt);
                    continue;
                }
                throw new TestGridException(label, "no reply from " + uri + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestGridException(label, "interrupted while reading " + uri);
            }
            int s = resp.statusCode();
            try (InputStream body = resp.body()) {
                if (s == 200) {
                    return GridJson.read(label, body);
                }
                String text = new String(body.readNBytes(300), StandardCharsets.UTF_8).strip();
                if ((s == 429 || s >= 500) && attempt++ < retries) {
                    pause(attempt);
                    continue;
                }
                throw new TestGridException(
                        label, "HTTP " + s + " from " + uri + (text.isEmpty() ? "" : ": " + firstLine(text)));
            } catch (IOException e) {
                throw new TestGridException(label, "reply from " + uri + " cut short: " + describe(e));
            }
        }
    }

    private void pause(int attempt) throws TestGridException {
        try {
            Thread.sleep(backoff.multipliedBy(1L << (attempt - 1)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestGridException("TestGrid", "interrupted while waiting to retry");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
