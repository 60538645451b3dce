package io.flakelens.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real server on a free loopback port, with one upload token, and a client for it. */
final class RunningServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.atomic.AtomicInteger STARTS =
            new java.util.concurrent.atomic.AtomicInteger();

    final String db;
    final String token;
    final FlakelensServer server;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private RunningServer(String db, String token, FlakelensServer server) {
        this.db = db;
        this.token = token;
        this.server = server;
    }

    static RunningServer start(String db, boolean privateReads, long maxUploadBytes) {
        return start(db, new ServerConfig("127.0.0.1", 0, db, privateReads, maxUploadBytes, Duration.ZERO));
    }

    static RunningServer start(String db, ServerConfig config) {
        String token;
        try (Database d = Database.open(db)) {
            // a store may be served more than once in a test; token names are unique
            token = new ApiTokens(d).create("ci-bot-" + STARTS.incrementAndGet());
        }
        FlakelensServer s = FlakelensServer.start(config);
        return new RunningServer(db, token, s);
    }

    static RunningServer start(String db) {
        return start(db, false, 10L * 1024 * 1024);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Reply get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    Reply upload(Multipart form, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/runs"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply upload(Multipart form) throws IOException, InterruptedException {
        return upload(form, token);
    }

    @Override
    public void close() {
        server.close();
    }
}
