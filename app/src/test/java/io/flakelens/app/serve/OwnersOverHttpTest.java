package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.owner.OwnerFixture;
import io.flakelens.store.TestStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /api/v1/flakes?owner=} and the dashboard's owner filter, over HTTP from a real server. */
class OwnersOverHttpTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static String get(FlakelensServer s, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void the_api_and_the_dashboard_filter_by_owner(String store) throws Exception {
        String db = OwnerFixture.create(store, dir);
        FlakelensConfig cfg = FlakelensConfig.load(dir.resolve("flakelens.yaml"));
        try (FlakelensServer s =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, false, 1 << 20, Duration.ZERO), cfg)) {
            JsonNode all = new ObjectMapper().readTree(get(s, "/api/v1/flakes?since=all"));
            assertThat(all).hasSize(5);
            assertThat(all.findValuesAsText("owner")).contains("team-core", "sig-node", "(none)");
            JsonNode sig = new ObjectMapper().readTree(get(s, "/api/v1/flakes?since=all&owner=sig-node"));
            assertThat(sig).singleElement().satisfies(f -> {
                assertThat(f.get("id").asText()).isEqualTo("k8s.e2e::[sig-node] Pods restart");
                assertThat(f.get("owner_source").asText()).isEqualTo("sig");
            });
            // one of a CODEOWNERS line's owners selects its flakes
            assertThat(new ObjectMapper().readTree(get(s, "/api/v1/flakes?since=all&owner=%40alice")))
                    .hasSize(1);

            JsonNode owners = new ObjectMapper().readTree(get(s, "/api/v1/flakes?since=all&by_owner=true&limit=2"));
            assertThat(owners).hasSize(2);
            assertThat(owners.get(0).get("owner").asText()).isEqualTo("@acme/storage @alice");
            assertThat(owners.get(0).get("occurrences").asInt()).isEqualTo(2);

            String page = get(s, "/?since=all&owner=team-billing");
            assertThat(page)
                    .contains(
                            "id=\"f-owner\"",
                            "<option value=\"team-billing\" selected>",
                            "<b id=\"flake-count\">1</b>",
                            "InvoiceTest")
                    .doesNotContain("ClockTest");
            assertThat(get(s, "/?since=all")).contains("<b id=\"flake-count\">5</b>", "@acme/storage @alice");
        }
    }
}
