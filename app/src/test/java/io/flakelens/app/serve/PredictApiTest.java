package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.core.cluster.FailureText;
import io.flakelens.core.cluster.FlakeModel;
import io.flakelens.core.cluster.StackTraceClustering;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String trace(String type, String site, int n) {
        return type + ": after " + n + " tries\n\tat " + site + "(X.java:" + n
                + ")\n\tat com.acme.XTest.test(XTest.java:3)";
    }

    private static FlakeModel model() {
        List<FailureText> learned = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            learned.add(new FailureText(
                    "flake-" + i, trace("java.net.SocketTimeoutException", "com.acme.Net.call", i), null, null, true));
            learned.add(new FailureText(
                    "bug-" + i, trace("java.lang.ArithmeticException", "com.acme.Tax.div", i), null, null, false));
        }
        return FlakeModel.learn(learned, StackTraceClustering.withDefaults(), true);
    }

    private static HttpResponse<String> post(RunningServer s, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(s.uri("/api/v1/predict"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void predictsOneFailureOrManyFromTheLoadedModel() throws Exception {
        String db = dir.resolve("p.db").toString();
        ServerConfig config =
                new ServerConfig("127.0.0.1", 0, db, false, 10L << 20, Duration.ZERO, Duration.ZERO, model());
        try (RunningServer s = RunningServer.start(db, config)) {
            String one = JSON.writeValueAsString(java.util.Map.of(
                    "id", "new", "text", trace("java.net.SocketTimeoutException", "com.acme.Net.call", 99)));
            HttpResponse<String> r = post(s, one);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.get("id").asText()).isEqualTo("new");
            assertThat(p.get("flake_probability").asDouble()).isGreaterThan(0.7);
            assertThat(p.get("similar").get(0).asText()).startsWith("flake-");
            HttpResponse<String> many = post(s, "[" + one + "," + one.replace("\"new\"", "\"other\"") + "]");
            assertThat(JSON.readTree(many.body())).hasSize(2);
            assertThat(post(s, "not json").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void withoutAModelTheRouteSaysHowToLoadOne() throws Exception {
        String db = dir.resolve("q.db").toString();
        try (RunningServer s = RunningServer.start(db)) {
            HttpResponse<String> r = post(s, "{\"id\": \"x\", \"text\": \"boom\"}");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("--model");
        }
    }
}
