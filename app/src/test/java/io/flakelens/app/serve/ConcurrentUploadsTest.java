package io.flakelens.app.serve;

import static io.flakelens.app.SurefireXml.fail;
import static io.flakelens.app.SurefireXml.flaky;
import static io.flakelens.app.SurefireXml.pass;
import static io.flakelens.app.SurefireXml.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many CI jobs uploading at once to a server on PostgreSQL, whose pool lets their ingests run side by
 * side: every upload lands whole or not at all, an identical report is stored once however the uploads
 * interleave, and shards of one run number their attempts as one run. Real HTTP, real PostgreSQL; a
 * lost lock or a missed conflict shows as a wrong count, never as a hang (each test has a timeout).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentUploadsTest {
    static final int CLIENTS = 16;

    @TempDir
    Path dir;

    @BeforeEach
    void needsPostgresql() {
        assumeTrue(TestStores.pgUrl() != null, "needs FLAKELENS_TEST_PG");
    }

    private RunningServer start() {
        String db = TestStores.fresh("postgresql", dir);
        return RunningServer.start(
                db,
                new ServerConfig("127.0.0.1", 0, db, false, 10L * 1024 * 1024, Duration.ZERO).withPoolSize(CLIENTS));
    }

    /** Runs the calls on as many threads, released at once, and returns their answers in order. */
    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(150, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenClientsUploadingDistinctReportsAllLand() throws Exception {
        int perClient = 4;
        int cases = 30;
        try (RunningServer s = start()) {
            List<Callable<List<RunningServer.Reply>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(() -> {
                    List<RunningServer.Reply> replies = new ArrayList<>();
                    for (int u = 0; u < perClient; u++) {
                        List<String> xml = new ArrayList<>();
                        for (int t = 0; t < cases; t++) {
                            // a third of the tests are every client's (new to the store at once), the rest its own
                            String cls = t % 3 == 0 ? "com.Shared" : "com.Client" + client;
                            xml.add(t % 5 == 0 ? fail(cls, "t" + t) : pass(cls, "t" + t));
                        }
                        replies.add(s.upload(ServerTest.run("c" + client + "-u" + u, "r" + u)
                                .file("reports", "TEST-" + u + ".xml", report("com.X", xml.toArray(String[]::new)))));
                    }
                    return replies;
                });
            }
            for (List<RunningServer.Reply> replies : atOnce(clients)) {
                for (RunningServer.Reply r : replies) {
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(r.json().get("results").asLong()).isEqualTo(cases);
                }
            }
            int uploads = CLIENTS * perClient;
            assertThat(count("select count(*) from run")).isEqualTo(uploads);
            assertThat(count("select count(*) from report")).isEqualTo(uploads);
            assertThat(count("select count(*) from result")).isEqualTo((long) uploads * cases);
            assertThat(count("select count(*) from failure")).isEqualTo((long) uploads * (cases / 5));
            // 10 shared tests and 20 of each client's own
            assertThat(count("select count(*) from test")).isEqualTo(10 + CLIENTS * 20L);
            assertThat(count("select count(*) from (select run_id, test_id, attempt from result"
                            + " group by 1, 2, 3 having count(*) > 1) d"))
                    .isZero();
        }
    }

    @Test
    void sixteenIdenticalUploadsAtOnceStoreTheReportOnce() throws Exception {
        String xml = report("com.A", pass("com.A", "one"), fail("com.A", "two"), flaky("com.A", "three"));
        try (RunningServer s = start()) {
            List<Callable<RunningServer.Reply>> same = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                same.add(() -> s.upload(ServerTest.run("b1", "r1").file("reports", "TEST-a.xml", xml)));
            }
            int ingested = 0;
            for (RunningServer.Reply r : atOnce(same)) {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode file = r.json().get("files").get(0);
                String status = file.get("status").asText();
                assertThat(status).as(r.body()).isIn("ingested", "skipped");
                if (status.equals("ingested")) {
                    ingested++;
                    assertThat(r.json().get("results").asLong()).isEqualTo(4);
                } else {
                    assertThat(r.json().get("results").asLong()).isZero();
                }
            }
            assertThat(ingested).as("uploads that stored the report").isEqualTo(1);
            assertThat(count("select count(*) from report")).isEqualTo(1);
            assertThat(count("select count(*) from run")).isEqualTo(1);
            assertThat(count("select count(*) from result")).isEqualTo(4);
            assertThat(count("select count(*) from failure")).isEqualTo(2);
        }
    }

    @Test
    void concurrentShardsOfOneRunNumberTheirAttemptsAsOneRun() throws Exception {
        try (RunningServer s = start()) {
            List<Callable<RunningServer.Reply>> shards = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int shard = c;
                // Every shard ran the shared set-up check, which failed then passed on its rerun.
                String xml = report(
                        "com.S",
                        pass("com.Shard" + shard, "a"),
                        fail("com.Shard" + shard, "b"),
                        flaky("com.Setup", "check"));
                shards.add(() ->
                        s.upload(ServerTest.run("sharded", "r1").file("reports", "TEST-shard-" + shard + ".xml", xml)));
            }
            for (RunningServer.Reply r : atOnce(shards)) {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("files").get(0).get("status").asText()).isEqualTo("ingested");
            }
            assertThat(count("select count(*) from run")).isEqualTo(1);
            assertThat(count("select count(*) from report")).isEqualTo(CLIENTS);
            // per shard: a, b, and two attempts of the shared check
            assertThat(count("select count(*) from result")).isEqualTo(4L * CLIENTS);
            List<String> setup = strings("select r.attempt || ':' || r.outcome from result r join test t"
                    + " on t.id = r.test_id where t.name = 'check' order by r.attempt");
            List<String> expected = new ArrayList<>();
            for (int a = 1; a <= 2 * CLIENTS; a++) {
                // each shard's two attempts are consecutive: failed, then passed
                expected.add(a + ":" + (a % 2 == 1 ? "F" : "P"));
            }
            assertThat(setup).isEqualTo(expected);
            // every failure row belongs to a failed attempt of its own result
            assertThat(count("select count(*) from failure f join result r on r.run_id = f.run_id"
                            + " and r.test_id = f.test_id and r.attempt = f.attempt and r.outcome = 'F'"))
                    .isEqualTo(count("select count(*) from failure"))
                    .isEqualTo(2L * CLIENTS);
        }
    }

    @Test
    void anUploadFailingInsideItsTransactionLeavesNothingAndFreesItsRun() throws Exception {
        try (RunningServer s = start()) {
            // The failure table refuses one message: that upload's commit fails after its run, tests,
            // results and report were written in the same transaction.
            execute("create function refuse_poison() returns trigger language plpgsql as $$ begin"
                    + " if new.message = 'poison' then raise exception 'refused'; end if; return new; end $$");
            execute("create trigger refuse_poison before insert on failure for each row"
                    + " execute function refuse_poison()");
            String poisoned = report(
                    "com.P",
                    pass("com.P", "one"),
                    "<testcase classname=\"com.P\" name=\"two\"><failure message=\"poison\">at x</failure></testcase>");
            // Twice as many failing uploads as pooled connections: a connection or a run lock kept after a
            // failed upload would make the ones after it fail or wait.
            List<Callable<RunningServer.Reply>> failing = new ArrayList<>();
            for (int c = 0; c < 2 * CLIENTS; c++) {
                int n = c;
                failing.add(() ->
                        s.upload(ServerTest.run("p" + n % 4, "r1").file("reports", "TEST-p" + n + ".xml", poisoned)));
            }
            for (RunningServer.Reply r : atOnce(failing)) {
                assertThat(r.status()).as(r.body()).isEqualTo(500);
            }
            assertThat(count("select count(*) from run")).isZero();
            assertThat(count("select count(*) from test")).isZero();
            assertThat(count("select count(*) from result")).isZero();
            assertThat(count("select count(*) from report")).isZero();
            // The same runs take a good report at once, and the failed one later lands whole.
            execute("drop trigger refuse_poison on failure");
            for (int n = 0; n < 4; n++) {
                RunningServer.Reply r = s.upload(ServerTest.run("p" + n, "r1").file("reports", "TEST-p.xml", poisoned));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("results").asLong()).isEqualTo(2);
            }
            assertThat(count("select count(*) from run")).isEqualTo(4);
            assertThat(count("select count(*) from result")).isEqualTo(8);
            assertThat(count("select count(*) from failure")).isEqualTo(4);
            assertThat(count("select count(*) from pg_locks l join pg_database d on d.oid = l.database"
                            + " where l.locktype = 'advisory' and l.classid = 1718381426"
                            + " and d.datname = current_database()"))
                    .as("advisory locks left held")
                    .isZero();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestStores.pgUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestStores.pgUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestStores.pgUrl());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
