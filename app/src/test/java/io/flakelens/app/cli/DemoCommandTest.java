package io.flakelens.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's first command, end to end on a smaller history: simulate, ingest, detect, rank and
 * score against the simulator's truth. Precision and recall are computed by the demo from the two
 * sets; this test holds them to a floor, so a detection regression fails here.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    private static double figure(String out, String name) {
        Matcher m = Pattern.compile(name + "\\s+([0-9.]+)").matcher(out);
        assertThat(m.find()).as(name + " printed").isTrue();
        return Double.parseDouble(m.group(1));
    }

    static List<String> stores() {
        return TestStores.names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void findsTheSimulatedFlakesAndNothingElse(String store) throws Exception {
        // DuckDB: the demo's own default store in --dir; PostgreSQL: an emptied server database.
        String db = store.equals("duckdb") ? dir.resolve("flakelens.db").toString() : TestStores.fresh(store, dir);
        List<String> demo = new ArrayList<>(List.of("demo", "--dir", dir.toString(), "--scale", "0.3", "--seed", "7"));
        if (!store.equals("duckdb")) {
            demo.addAll(List.of("--db", db));
        }
        Cli r = Cli.run(demo.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(figure(r.out(), "precision")).isGreaterThanOrEqualTo(0.9);
        assertThat(figure(r.out(), "recall over those")).isGreaterThanOrEqualTo(0.8);
        assertThat(r.out()).contains("real regressions flagged as flaky: 0 of");
        assertThat(r.out()).contains(" 0 files rejected");

        JsonNode infra = new ObjectMapper()
                .readTree(Cli.run("runs", "--db", db, "--infra", "--since", "all", "--format", "json")
                        .out());
        assertThat(infra).anySatisfy(i -> {
            assertThat(i.get("kind").asText()).isEqualTo("run");
            assertThat(i.get("message").asText()).contains("Connection refused");
            assertThat(i.get("failed").asInt()).isGreaterThan(i.get("total").asInt() / 2);
        });
        assertThat(infra).anySatisfy(i -> assertThat(i.get("kind").asText()).isEqualTo("broken-environment"));

        if (!store.equals("duckdb")) {
            return;
        }
        // a second demo in the same folder replaces the first instead of mixing with it
        Cli again = Cli.run("demo", "--dir", dir.toString(), "--scale", "0.3", "--seed", "7");
        assertThat(again.exit()).isZero();
        assertThat(figure(again.out(), "precision")).isEqualTo(figure(r.out(), "precision"));
    }

    /**
     * At the default size the history after a planted start is long enough to place it: the demo
     * finds changes on several histories, its intervals hold the true commit, and the simulated
     * reruns name it in a few rounds.
     */
    @org.junit.jupiter.api.Test
    void placesWhereTheFlakesItPlantedBegan() {
        Cli r = Cli.run("demo", "--dir", dir.toString(), "--seed", "42");
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher since = Pattern.compile("a change found in (\\d+), its 99% interval holds the true commit in (\\d+)")
                .matcher(r.out());
        assertThat(since.find()).as(r.out()).isTrue();
        int found = Integer.parseInt(since.group(1));
        assertThat(found).isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(since.group(2))).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * found));
        Matcher rounds = Pattern.compile("in a median of ([0-9.]+) rounds").matcher(r.out());
        assertThat(rounds.find()).isTrue();
        assertThat(Double.parseDouble(rounds.group(1))).isLessThanOrEqualTo(4);
    }
}
