package io.flakelens.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.app.demo.CiSimulator;
import io.flakelens.app.demo.SimulationConfig;
import io.flakelens.app.demo.SimulationResult;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.StoreException;
import io.flakelens.store.TestStores;
import io.flakelens.store.detect.DetectionConfig;
import io.flakelens.store.detect.FlakeDetection;
import io.flakelens.store.detect.FlakeFilter;
import io.flakelens.store.detect.FlakeQueries;
import io.flakelens.store.export.DetectionImport;
import io.flakelens.store.export.ParquetExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One definition, three engines: the same history detected and ranked on DuckDB, on PostgreSQL
 * (when {@code FLAKELENS_TEST_PG} is set; required under CI) and on Spark over each store's export
 * gives the same flakes JSON, test by test and grouped. The histories are the detection scenarios'
 * shapes side by side (every evidence kind, crashes, broken environments, flaky set-ups, consistent
 * failures) and the demo's simulated CI.
 */
class EngineParityTest {
    private static final LocalDate UNTIL = LocalDate.of(2100, 1, 1);

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = FlakeJob.session("local[2]", 2);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** What one engine ranked: per test, and grouped. */
    private record Listing(String flakes, String grouped) {}

    @Test
    void theDetectionScenariosRankAlikeOnEveryEngine() throws IOException {
        Map<String, Listing> listings = parity(EngineParityTest::scenarios);
        // the history holds every kind of evidence, so each engine had them all to agree on
        String flakes = listings.get("duckdb").flakes();
        for (String kind : List.of("retry", "same-code", "false-rejection", "flip", "merged-failure")) {
            assertThat(flakes).contains("\"" + kind + "\"");
        }
        assertThat(flakes).contains("set-up: whole suite failed together");
    }

    @Test
    void theDemoHistoryRanksAlikeOnEveryEngine() throws IOException {
        SimulationResult sim =
                new CiSimulator(SimulationConfig.defaults().withSize(150, 16, 14)).simulate(dir.resolve("ci"));
        Map<String, Listing> listings = parity(db -> {
            try (Ingestion in = new Ingestion(db, Ingestion.QUIET, Map.of())) {
                in.ingestManifest(sim.manifest());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(listings.get("duckdb").flakes()).contains("\"score\"");
    }

    @Test
    void importFlakesRefusesResultsOfAnotherStore() throws IOException {
        Path export = dir.resolve("export");
        Path out = dir.resolve("out");
        try (Database db = Database.open(dir.resolve("a.db").toString())) {
            scenarios(db);
            new ParquetExport(db).export(export, LocalDate.EPOCH, UNTIL);
        }
        SparkDetection d = new SparkDetection(spark, DetectionConfig.defaults());
        d.run(export);
        FlakeOutput.write(spark, out, d.flakes(false));
        try (Database other = Database.open(dir.resolve("b.db").toString())) {
            Scenario s = new Scenario(other);
            s.post("x1", "linux").test("other", "FP").passing(3);
            s.store();
            new FlakeDetection(DetectionConfig.defaults()).run(other);
            assertThatThrownBy(() -> DetectionImport.load(other, out))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(out.resolve("flake_occurrence").toString())
                    .hasMessageContaining("name runs this store does not hold");
            // refused whole: the store's own detection is still there
            assertThat(new FlakeQueries(other, FlakeScore.findit()).flakes(all()))
                    .extracting(f -> f.id().name())
                    .containsExactly("other");
        }
    }

    /**
     * Loads the history into each store, detects and ranks there, exports, detects and ranks on Spark
     * over each export, imports Spark's tables back into the store; every listing must equal DuckDB's.
     */
    private Map<String, Listing> parity(Consumer<Database> history) throws IOException {
        Map<String, Listing> out = new LinkedHashMap<>();
        for (String store : TestStores.names()) {
            Path base = Files.createDirectories(dir.resolve(store));
            try (Database db = TestStores.open(store, base)) {
                history.accept(db);
                new FlakeDetection(DetectionConfig.defaults()).run(db);
                out.put(store, listing(db));
                Path export = base.resolve("export");
                ParquetExport.Summary s = new ParquetExport(db).export(export, LocalDate.EPOCH, UNTIL);
                assertThat(s.results()).isPositive();

                SparkDetection d = new SparkDetection(spark, DetectionConfig.defaults());
                d.run(export);
                List<FlakyTest> flakes = d.flakes(false);
                out.put("spark over " + store, new Listing(FlakeOutput.json(flakes), FlakeOutput.json(d.flakes(true))));

                // Spark's tables back in the store rank as the store's own did
                Path results = base.resolve("spark");
                FlakeOutput.write(spark, results, flakes);
                assertThat(Files.readString(results.resolve("flakes.json")).strip())
                        .isEqualTo(out.get(store).flakes());
                DetectionImport.load(db, results);
                assertThat(FlakeDetection.stale(db)).isFalse();
                out.put("imported into " + store, listing(db));
            }
        }
        Listing duck = out.get("duckdb");
        assertThat(duck.flakes()).isNotEqualTo("[ ]");
        out.forEach((engine, listing) -> {
            assertThat(listing.flakes()).as(engine).isEqualTo(duck.flakes());
            assertThat(listing.grouped()).as(engine + ", grouped").isEqualTo(duck.grouped());
        });
        return out;
    }

    private static Listing listing(Database db) {
        FlakeQueries q = new FlakeQueries(db, FlakeScore.findit());
        return new Listing(FlakeOutput.json(q.flakes(all())), FlakeOutput.json(q.flakes(all(), true)));
    }

    private static FlakeFilter all() {
        return new FlakeFilter(Instant.EPOCH, null, null, 0);
    }

    /** The shapes of the store's detection scenarios, each on its own tests and revisions. */
    private static void scenarios(Database db) {
        Scenario s = new Scenario(db);
        // retry
        s.post("a1", "linux").test("retried", "FFP").test("steady", "P").passing(5);
        // same code on the main line; the same disagreement across builders is none
        s.post("b1", "linux").test("sameCode", "F").passing(5);
        s.post("b1", "linux").test("sameCode", "P").passing(5);
        s.post("b2", "linux").test("builders", "F").passing(5);
        s.post("b2", "mac").test("builders", "P").passing(5);
        // false rejection, and a presubmit retried green
        s.pre("c1", "1", "e1", "linux").test("rejector", "F").passing(5);
        s.pre("c1", "2", "e1", "linux").test("rejector", "P").passing(5);
        s.pre("c2", "1", "e2", "linux", 1, null).test("retriedGreen", "F").passing(5);
        s.pre("c2", "1", "e2", "linux", 2, null).test("retriedGreen", "P").passing(5);
        // a flip
        for (String rev : List.of("d1", "d2", "d3")) {
            s.post(rev, "linux").test("flipper", rev.equals("d2") ? "F" : "P").passing(5);
            s.post(rev, "mac").test("flipper", "P").passing(5);
        }
        // a merged failure, and the same shape unmerged
        s.pre("c3", "1", "e3", "linux", 1, true).test("merged", "P").passing(5);
        s.pre("c3", "2", "e4", "linux", 1, true).test("merged", "F").passing(5);
        s.pre("c3", "2", "e4", "mac", 1, true).test("merged", "P").passing(5);
        s.pre("c4", "1", "e5", "linux", 1, false).test("unmerged", "F").passing(5);
        s.pre("c4", "1", "e5", "mac", 1, false).test("unmerged", "P").passing(5);
        // a regression over a range: no flake
        for (String rev : List.of("f1", "f2", "f3", "f4", "f5")) {
            for (String builder : List.of("linux", "mac")) {
                s.post(rev, builder)
                        .test("range", rev.compareTo("f3") >= 0 ? "FF" : "P")
                        .passing(8);
            }
        }
        // a crash
        Scenario.RunBuilder crashed = s.post("g1", "linux");
        Scenario.RunBuilder healthy = s.post("g1", "linux");
        for (int i = 0; i < 10; i++) {
            crashed.test("com.acme.Crash", "t" + i, i < 8 ? "F" : "P");
            healthy.test("com.acme.Crash", "t" + i, "P");
        }
        // a flaky set-up: the suite fails whole interleaved with passes on the same code
        for (char c : "WOOWWOWWOO".toCharArray()) {
            String v = c == 'W' ? "F" : "P";
            s.post("h1", "linux")
                    .test("com.acme.SetupIT", "a", v)
                    .test("com.acme.SetupIT", "b", v)
                    .test("com.acme.SetupIT", "c", v)
                    .passing(20);
        }
        // a broken environment: on win from i3 to i5, on mac always
        for (int r = 1; r <= 6; r++) {
            String rev = "i" + r;
            environment(s.post(rev, "win"), r >= 3 && r <= 5 ? "F" : "P");
            environment(s.post(rev, "linux"), "P");
            environment(s.post(rev, "mac"), "F");
        }
        // consistent failures beside a flake
        for (char c : "PPFPPF".toCharArray()) {
            Scenario.RunBuilder run = s.post("j1", "linux");
            for (int j = 0; j < 5; j++) {
                run.test("com.acme.SvcIT", "needsService" + j, "F");
                run.test("com.acme.SvcIT", "local" + j, "P");
            }
            run.test("com.acme.CacheTest", "evicts", String.valueOf(c));
        }
        // parameterised variants
        s.pre("c5", "1", "e6", "linux")
                .test("parse[1]", "F")
                .test("parse[2]", "F")
                .passing(5);
        s.pre("c5", "2", "e6", "linux")
                .test("parse[1]", "P")
                .test("parse[2]", "P")
                .passing(5);
        s.pre("c6", "1", "e7", "linux").test("parse[2]", "F").passing(5);
        s.pre("c6", "2", "e7", "linux").test("parse[2]", "P").passing(5);
        s.store();
    }

    private static void environment(Scenario.RunBuilder run, String outcome) {
        for (int i = 0; i < 4; i++) {
            run.test("com.acme.Db", "q" + i, outcome);
        }
        run.passing(30);
    }
}
