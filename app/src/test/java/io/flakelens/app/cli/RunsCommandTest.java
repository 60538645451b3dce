package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a CI user reads of consistent failures and flaky set-ups, on both stores. */
class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void consistentFailuresAndFlakySetUpsAreListedAsSuch(String store) throws Exception {
        String db = TestStores.fresh(store, dir);
        try (Database d = Database.open(db)) {
            Scenario s = new Scenario(d);
            String whole = "WOWWOOWOWO";
            for (int i = 0; i < whole.length(); i++) {
                String v = whole.charAt(i) == 'W' ? "F" : "P";
                // 'ledger' broke before this history began; the set-up of SetupIT fails now and then
                s.post("r1", "linux")
                        .test("com.acme.LedgerTest", "balances", "F")
                        .test("com.acme.SetupIT", "a", v)
                        .test("com.acme.SetupIT", "b", v)
                        .test("com.acme.SetupIT", "c", v)
                        .passing(10);
            }
            s.store();
        }
        JsonNode consistent =
                JSON.readTree(Cli.run("runs", "--db", db, "--consistent", "--since", "all", "--format", "json")
                        .out());
        assertThat(consistent).hasSize(1);
        JsonNode c = consistent.get(0);
        assertThat(c.get("id").asText()).isEqualTo("com.acme.LedgerTest::balances");
        assertThat(c.get("runs").asInt()).isEqualTo(10);
        assertThat(c.get("last_passed").isNull()).isTrue();
        assertThat(c.get("message").asText()).isEqualTo("boom in balances");
        assertThat(Cli.run("runs", "--db", db, "--consistent", "--since", "all").out())
                .contains("com.acme.LedgerTest::balances")
                .contains("never");

        JsonNode flakes = JSON.readTree(Cli.run("flakes", "--db", db, "--since", "all", "--format", "json")
                .out());
        assertThat(flakes)
                .extracting(f -> f.get("name").asText() + " "
                        + f.get("suite_failed_whole").asInt())
                .containsExactlyInAnyOrder("a 5", "b 5", "c 5");
        assertThat(flakes.get(0).get("note").asText()).isEqualTo("set-up: whole suite failed together in 5 of 5");
        assertThat(Cli.run("runs", "--db", db, "--infra", "--since", "all").out())
                .contains("No infrastructure failures");
        assertThat(Cli.run("runs", "--db", db, "--infra", "--consistent").exit())
                .isNotZero();
    }
}
