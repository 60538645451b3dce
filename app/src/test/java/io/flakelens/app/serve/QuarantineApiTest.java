package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.Inventory;
import io.flakelens.core.quarantine.Language;
import io.flakelens.core.quarantine.MutedTest;
import io.flakelens.core.quarantine.ScanResult;
import io.flakelens.core.quarantine.Scope;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import io.flakelens.store.quarantine.QuarantineLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The muted-test endpoints and page on a real server, on DuckDB and PostgreSQL. */
class QuarantineApiTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static String seed(String store, Path dir) {
        String spec = TestStores.fresh(store, dir);
        try (Database db = Database.open(spec)) {
            Scenario s = new Scenario(db);
            for (int i = 0; i < 4; i++) {
                s.post("r" + i, "linux")
                        .test("com.acme.A", "muted", "P")
                        .test("com.acme.A", "flaky", i == 1 ? "FP" : "P");
            }
            s.store();
            MutedTest e = new MutedTest(
                    "src/test/java/com/acme/A.java",
                    12,
                    Language.JAVA,
                    new TestId("com.acme.A", "muted"),
                    "Disabled",
                    "ACME-7",
                    "flaky <b>on CI</b>",
                    null,
                    Scope.TEST);
            new QuarantineLedger(db)
                    .record(new Inventory(
                            "https://git.example/acme/app",
                            "main",
                            "c0ffee" + "0".repeat(34),
                            Instant.parse("2026-11-20T00:00:00Z"),
                            Instant.now(),
                            new ScanResult(List.of(e), List.of(), 9)));
        }
        return spec;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theInventoryItsSuggestionsAndTheRedashShapeAreServed(String store) throws Exception {
        try (RunningServer s = RunningServer.start(seed(store, dir))) {
            RunningServer.Reply r = s.get("/api/v1/quarantine?since=all&min_runs=4");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("timestamp").asText()).isNotEmpty();
            assertThat(body.get("entries")).singleElement().satisfies(e -> {
                assertThat(e.get("id").asText()).isEqualTo("com.acme.A::muted");
                assertThat(e.get("ticket").asText()).isEqualTo("ACME-7");
                assertThat(e.get("repo").asText()).isEqualTo("https://git.example/acme/app");
            });
            assertThat(body.get("scans").get(0).get("files").asInt()).isEqualTo(9);
            assertThat(body.get("suggestions").get("mute"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.get("id").asText()).isEqualTo("com.acme.A::flaky"));
            assertThat(body.get("suggestions").get("unmute")).singleElement().satisfies(u -> {
                assertThat(u.get("why").asText()).isEqualTo("clean");
                assertThat(u.get("executed").asInt()).isEqualTo(4);
            });

            JsonNode redash = s.get("/api/v1/quarantine/redash").json();
            assertThat(redash.get("columns")).hasSize(14);
            assertThat(redash.get("columns").get(8).get("name").asText()).isEqualTo("id");
            assertThat(redash.get("rows").get(0).get("id").asText()).isEqualTo("com.acme.A::muted");

            RunningServer.Reply bad = s.get("/api/v1/quarantine?min_runs=zero");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("parameter").asText()).isEqualTo("min_runs");

            RunningServer.Reply page = s.get("/quarantine?since=all&min_runs=4");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains(
                            "com.acme.A::muted",
                            "ACME-7",
                            "Mutes to lift",
                            "Flaky and not muted",
                            "href=\"/api/v1/quarantine?since=all&amp;min_runs=4\"")
                    .contains("flaky &lt;b&gt;on CI&lt;/b&gt;")
                    .doesNotContain("<b>on CI</b>");

            JsonNode doc = s.get("/api/v1/openapi.json").json();
            assertThat(doc.get("paths").has("/api/v1/quarantine")).isTrue();
            assertThat(doc.get("paths").has("/api/v1/quarantine/redash")).isTrue();
        }
    }
}
