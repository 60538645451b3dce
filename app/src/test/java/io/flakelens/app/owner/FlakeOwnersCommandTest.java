package io.flakelens.app.owner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.app.cli.FlakelensCommand;
import io.flakelens.store.TestStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code flakes} with owners: every link of the chain, the filter, the per-owner totals. */
class FlakeOwnersCommandTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FlakelensCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void each_flake_gets_its_owner_from_the_first_link_of_the_chain_that_answers(String store) throws Exception {
        String db = OwnerFixture.create(store, dir);
        JsonNode flakes = new ObjectMapper()
                .readTree(run(
                        "flakes",
                        "--db",
                        db,
                        "--config",
                        dir.resolve("flakelens.yaml").toString(),
                        "--since",
                        "all",
                        "--format",
                        "json"));
        Map<String, String> owners = new HashMap<>();
        for (JsonNode f : flakes) {
            owners.put(
                    f.get("id").asText(),
                    f.get("owner").asText() + " <- " + f.get("owner_source").asText());
        }
        assertThat(owners)
                .containsOnly(
                        Map.entry("com.acme.storage.VolumeTest::mounts", "@acme/storage @alice <- codeowners"),
                        Map.entry("com.acme.billing.InvoiceTest::totals", "team-billing <- rule"),
                        Map.entry("k8s.e2e::[sig-node] Pods restart", "sig-node <- sig"),
                        Map.entry("com.acme.misc.ClockTest::ticks", "team-core <- job"),
                        Map.entry("com.acme.misc.NightTest::sleeps", "(none) <- none"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void the_owner_filter_keeps_one_owners_flakes_before_the_limit(String store) throws Exception {
        String db = OwnerFixture.create(store, dir);
        String cfg = dir.resolve("flakelens.yaml").toString();
        JsonNode alice = new ObjectMapper()
                .readTree(run(
                        "flakes",
                        "--db",
                        db,
                        "--config",
                        cfg,
                        "--since",
                        "all",
                        "--format",
                        "json",
                        "--owner",
                        "@alice"));
        assertThat(alice).hasSize(1);
        assertThat(alice.get(0).get("id").asText()).isEqualTo("com.acme.storage.VolumeTest::mounts");
        // the limit counts the owner's flakes, not the whole list's
        JsonNode one = new ObjectMapper()
                .readTree(run(
                        "flakes",
                        "--db",
                        db,
                        "--config",
                        cfg,
                        "--since",
                        "all",
                        "--format",
                        "json",
                        "--owner",
                        "(none)",
                        "--limit",
                        "1"));
        assertThat(one).hasSize(1);
        assertThat(one.get(0).get("id").asText()).isEqualTo("com.acme.misc.NightTest::sleeps");
        assertThat(run("flakes", "--db", db, "--config", cfg, "--since", "all", "--owner", "nobody-at-all"))
                .contains("No flaky tests in the window (--since all) owned by nobody-at-all.");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void by_owner_totals_occurrences_per_owner(String store) throws Exception {
        String db = OwnerFixture.create(store, dir);
        String csv = run(
                "flakes",
                "--db",
                db,
                "--config",
                dir.resolve("flakelens.yaml").toString(),
                "--since",
                "all",
                "--by-owner",
                "--format",
                "csv");
        // storage and clock flaked in both of their runs, the rest once; a retry on the main line scores 1
        // per occurrence; most harmful owner first, ties by name
        assertThat(csv.lines().toList())
                .containsExactly(
                        "owner,flaky_tests,occurrences,changes,score,worst_test",
                        "@acme/storage @alice,1,2,0,2,com.acme.storage.VolumeTest::mounts",
                        "team-core,1,2,0,2,com.acme.misc.ClockTest::ticks",
                        "(none),1,1,0,1,com.acme.misc.NightTest::sleeps",
                        "sig-node,1,1,0,1,k8s.e2e::[sig-node] Pods restart",
                        "team-billing,1,1,0,1,com.acme.billing.InvoiceTest::totals");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void without_a_config_only_sig_tags_own(String store) throws Exception {
        String db = OwnerFixture.create(store, dir);
        String table = run("flakes", "--db", db, "--since", "all", "--by-owner", "--format", "csv");
        assertThat(table.lines().toList()).hasSize(3).contains("sig-node,1,1,0,1,k8s.e2e::[sig-node] Pods restart");
    }
}
