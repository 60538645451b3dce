package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.store.TestStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /api/v1/evidence} over HTTP: its answers, its refusals, and its place in the OpenAPI document. */
class EvidenceApiTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    private static RunningServer.Reply post(RunningServer s, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/v1/evidence"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = s.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new RunningServer.Reply(r.statusCode(), r.body());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void answersPerTestAndRefusesWhatItCannotRead(String store) throws Exception {
        try (RunningServer s = RunningServer.start(
                TestStores.fresh(store, dir),
                new ServerConfig("127.0.0.1", 0, TestStores.fresh(store, dir), true, 1 << 20, Duration.ZERO))) {
            String ask = "{\"tests\": [\"a.B::c\", \"a.B::c\", \"x::y\"], \"since\": \"7d\", \"main_revisions\": 3}";
            assertThat(post(s, ask, null).status()).isEqualTo(401);
            RunningServer.Reply ok = post(s, ask, s.token);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            JsonNode doc = ok.json();
            assertThat(doc.path("main_revisions").asInt()).isEqualTo(3);
            assertThat(doc.path("tests").findValuesAsText("id")).containsExactly("a.B::c", "x::y");
            assertThat(doc.path("tests").get(0).path("known").asBoolean()).isFalse();
            assertThat(doc.path("tests").get(0).path("muted").isNull()).isTrue();

            RunningServer.Reply notJson = post(s, "{tests", s.token);
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.json().path("parameter").asText()).isEqualTo("body");
            assertThat(post(s, "{\"tests\": \"a::b\"}", s.token)
                            .json()
                            .path("parameter")
                            .asText())
                    .isEqualTo("tests");
            assertThat(post(s, "{\"tests\": [1]}", s.token).json().path("error").asText())
                    .contains("suite::name");
            assertThat(post(s, "{\"tests\": [], \"since\": \"soon\"}", s.token)
                            .json()
                            .path("parameter")
                            .asText())
                    .isEqualTo("since");
            assertThat(post(s, "{\"tests\": [], \"main_revisions\": 0}", s.token)
                            .status())
                    .isEqualTo(400);

            JsonNode api = s.get("/api/v1/openapi.json").json();
            assertThat(api.path("paths").has("/api/v1/evidence")).isTrue();
            assertThat(api.path("components").path("schemas").has("TestEvidence"))
                    .isTrue();
        }
    }
}
