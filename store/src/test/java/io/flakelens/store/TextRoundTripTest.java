package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flakelens.core.detect.TestGroups;
import io.flakelens.core.model.Attempt;
import io.flakelens.core.model.Failure;
import io.flakelens.core.model.Outcome;
import io.flakelens.core.model.Run;
import io.flakelens.core.model.TestCase;
import io.flakelens.core.model.TestId;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: any text a store can keep (any Unicode but NUL and half surrogate pairs) goes through
 * ingest's spool into every text column of both stores and reads back unchanged, wherever in the
 * batch it falls; text it cannot keep is refused naming the field, never dropped or altered.
 * Seeded: a failure names the seed and batch to replay.
 */
class TextRoundTripTest {
    private static final long SEED = 0x5EED_C0DEL;
    private static final int BATCHES = 12;
    private static final int CASES = 15;

    /** The troublemakers of CSV readers and their sniffers, spliced between random characters. */
    private static final String[] NASTY = {
        "\r",
        "\n",
        "\r\n",
        "\n\r",
        "\"",
        "\"\"",
        ",",
        "\\",
        "\\N",
        "\\.",
        "\n\\.\n",
        "\t",
        "'",
        "\uFEFF",
        "\u2028",
        "\u0085",
        "\uD83D\uDE00",
        "\uFFFD",
        "\uFFFF",
        "\u0001",
        "\u001B[31m",
        "\n1,abc,2\n",
        "\r\n42,\"x\",\\N\r\n",
        "<![CDATA[",
        "&#xD;",
        "%0D%0A",
        "{\"a\":1}",
        "Assert.Equal() Failure\r\nExpected: 3\r\nActual:   4",
        "=",
        "==",
        "+/"
    };

    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static String randomText(SplittableRandom rnd, int maxParts) {
        StringBuilder sb = new StringBuilder();
        int parts = rnd.nextInt(maxParts + 1);
        for (int i = 0; i < parts; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> sb.append(NASTY[rnd.nextInt(NASTY.length)]);
                case 1 -> sb.append((char) ('a' + rnd.nextInt(26)));
                case 2 -> {
                    // any code point a store can keep, astral ones as pairs
                    int cp;
                    do {
                        cp = 1 + rnd.nextInt(Character.MAX_CODE_POINT);
                    } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                    sb.appendCodePoint(cp);
                }
                default -> sb.append((char) (1 + rnd.nextInt(0x7f)));
            }
        }
        return sb.toString();
    }

    private static String nonBlank(SplittableRandom rnd, int maxParts) {
        String s = randomText(rnd, maxParts);
        return s.isBlank() ? "x" + s : s;
    }

    private static String maybe(SplittableRandom rnd, int maxParts) {
        return rnd.nextInt(5) == 0 ? null : randomText(rnd, maxParts);
    }

    private static Run randomRun(SplittableRandom rnd) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (rnd.nextBoolean()) {
            extra.put(randomText(rnd, 4), randomText(rnd, 6));
        }
        return new Run(
                nonBlank(rnd, 4),
                nonBlank(rnd, 8),
                maybe(rnd, 8),
                maybe(rnd, 8),
                maybe(rnd, 6),
                maybe(rnd, 4),
                maybe(rnd, 3),
                maybe(rnd, 4),
                rnd.nextBoolean() ? 1 + rnd.nextInt(3) : null,
                maybe(rnd, 5),
                rnd.nextBoolean() ? Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1 << 24)) : null,
                rnd.nextBoolean() ? (long) rnd.nextInt(1 << 20) : null,
                maybe(rnd, 3),
                maybe(rnd, 6),
                rnd.nextBoolean() ? rnd.nextBoolean() : null,
                extra);
    }

    private static TestCase randomCase(SplittableRandom rnd, int i) {
        List<Attempt> attempts = new ArrayList<>();
        int n = 1 + rnd.nextInt(2);
        for (int a = 0; a < n; a++) {
            Outcome o = Outcome.values()[rnd.nextInt(Outcome.values().length)];
            Failure f = o == Outcome.PASS ? null : new Failure(maybe(rnd, 4), maybe(rnd, 12), maybe(rnd, 30));
            attempts.add(new Attempt(o, rnd.nextInt(3) - 1, f));
        }
        // the index keeps names distinct, so that each case is a test of its own
        return new TestCase(new TestId(randomText(rnd, 8), nonBlank(rnd, 10) + "#" + i), maybe(rnd, 6), attempts);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anyStorableTextInEveryFieldReadsBackUnchanged(String store) throws SQLException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (Database db = TestStores.open(store, dir)) {
            for (int b = 0; b < BATCHES; b++) {
                Run run = randomRun(rnd);
                List<TestCase> cases = new ArrayList<>();
                for (int i = 0; i < CASES; i++) {
                    cases.add(randomCase(rnd, i));
                }
                String path = nonBlank(rnd, 6);
                String digest = nonBlank(rnd, 4);
                try (IngestSession s = new IngestSession(db)) {
                    IngestSession.ReportWriter w = s.begin(run, path, randomText(rnd, 3), digest);
                    for (TestCase tc : cases) {
                        w.accept(tc, null);
                    }
                    w.done();
                    s.commit();
                }
                String where = store + ", seed " + SEED + ", batch " + b;
                assertRun(db, run, where);
                assertCases(db, run, cases, where);
                assertThat(text(db, "select path from report where run_id = ? and digest = ?", run.key(), digest))
                        .as(where + ": report path")
                        .isEqualTo(path);
            }
        }
    }

    /** Many rows of line-break-laden text: a load the size where a parallel reader splits the file. */
    @ParameterizedTest
    @MethodSource("stores")
    void aLargeBatchOfMultiLineTextLoadsWhole(String store) throws SQLException {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        // each message holds lines that, read from the middle, look like well-formed rows
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            block.append('\n').append(i).append(",abc,").append(i % 7).append(",\\N,\"q\"\r");
        }
        Run run = new Run(
                "ci", "big", "unit", null, null, null, null, null, null, null, null, null, null, null, null, null);
        int tests = 8_000;
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run, "big.xml", "junit", "d");
                for (int i = 0; i < tests; i++) {
                    String message = i + block.toString() + randomText(rnd, 4);
                    w.accept(
                            new TestCase(
                                    new TestId("S", "t" + i),
                                    null,
                                    List.of(new Attempt(Outcome.FAIL, 1, new Failure("E", message, message)))),
                            null);
                }
                w.done();
                s.commit();
            }
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery(
                            "select count(*), sum(case when message = detail then 1 else 0 end) from failure")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(tests);
                assertThat(rs.getLong(2)).isEqualTo(tests);
            }
        }
    }

    /** DuckDB reads at most 2 MB a row unless told more: a longer one must still land. */
    @ParameterizedTest
    @MethodSource("stores")
    void aRowLongerThanTheReadersDefaultLineLimitLands(String store) throws SQLException {
        String name = "n\r\n".repeat(1_000_000);
        Run run = new Run(
                "ci", "long", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter w = s.begin(run, "a.xml", "junit", "d");
                w.accept(new TestCase(new TestId("S", name), null, List.of(new Attempt(Outcome.PASS, 1, null))), null);
                w.done();
                s.commit();
            }
            assertThat(text(db, "select name from test where suite = ?", "S")).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void textNoStoreCanKeepRejectsItsFileByNameAndTheBatchStillLands(String store) throws SQLException {
        Run run = new Run(
                "ci", "r1", "unit", null, null, null, null, null, null, null, null, null, null, null, null, null);
        try (Database db = TestStores.open(store, dir)) {
            try (IngestSession s = new IngestSession(db)) {
                IngestSession.ReportWriter good = s.begin(run, "good.xml", "junit", "g");
                good.accept(
                        new TestCase(new TestId("S", "first\r"), null, List.of(new Attempt(Outcome.PASS, 1, null))),
                        null);
                good.done();
                for (TestCase bad : List.of(
                        new TestCase(new TestId("S", "a\u0000b"), null, List.of(new Attempt(Outcome.PASS, 1, null))),
                        new TestCase(
                                new TestId("S", "ok"),
                                null,
                                List.of(new Attempt(Outcome.FAIL, 1, new Failure(null, "half \uD800 a pair", null)))),
                        new TestCase(
                                new TestId("S\u0000", "ok"), "f.java", List.of(new Attempt(Outcome.PASS, 1, null))))) {
                    IngestSession.ReportWriter w = s.begin(run, "bad.xml", "junit", "b");
                    w.accept(
                            new TestCase(
                                    new TestId("S", "spooled before"),
                                    null,
                                    List.of(new Attempt(Outcome.PASS, 1, null))),
                            null);
                    assertThatThrownBy(() -> w.accept(bad, null))
                            .isInstanceOf(UnstorableTextException.class)
                            .hasMessageContaining("which no store can keep")
                            .hasMessageMatching("(?s).*(name holds a NUL character \\(U\\+0000\\) at character 2"
                                    + "|failure message holds an unpaired surrogate \\(U\\+D800\\) at character 6"
                                    + "|suite holds a NUL character \\(U\\+0000\\) at character 2).*");
                    w.reject();
                }
                Run nulRun = new Run(
                        "ci", "r\u0000", null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null);
                assertThatThrownBy(() -> s.begin(nulRun, "x.xml", "junit", "x"))
                        .isInstanceOf(UnstorableTextException.class)
                        .hasMessageContaining("the run's id holds a NUL character (U+0000) at character 2");
                s.commit();
            }
            assertThat(text(db, "select string_agg(name, '|' order by name) from test"))
                    .isEqualTo("first\r");
            assertThat(text(db, "select string_agg(path, '|' order by path) from report"))
                    .isEqualTo("good.xml");
            assertThat(text(db, "select string_agg(external_id, '|') from run")).isEqualTo("r1");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theSpoolItselfRefusesARowWithANulRatherThanDropIt(String store) throws Exception {
        try (Database db = TestStores.open(store, dir);
                Spool sp = new Spool(
                        dir, "t", IngestSession.TEST_COLUMNS, db.dialect().spoolText())) {
            sp.row(1L, "s", "n", "g", null, null);
            assertThatThrownBy(() -> sp.row(2L, "s", "a\u0000b", "g", null, null))
                    .isInstanceOf(UnstorableTextException.class)
                    .hasMessageContaining("t.name holds a NUL");
            assertThat(sp.rows()).isEqualTo(1);
            // one whole row, nothing of the refused one
            sp.flush();
            assertThat(java.nio.file.Files.readAllLines(sp.path())).hasSize(1);
        }
    }

    private static void assertRun(Database db, Run r, String where) throws SQLException {
        try (PreparedStatement ps = db.connection()
                .prepareStatement(
                        "select source, external_id, job, builder,"
                                + " revision, change_id, patchset, equivalence, payload, status, url, extra from run where id = ?")) {
            ps.setLong(1, r.key());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(where + ": run stored").isTrue();
                String[] expected = {
                    r.source(),
                    r.externalId(),
                    r.job(),
                    r.builder(),
                    r.revision(),
                    r.change(),
                    r.patchset(),
                    r.equivalenceKey(),
                    r.payload(),
                    r.status(),
                    r.url(),
                    r.extra().isEmpty() ? null : ExtraJson.write(r.extra())
                };
                for (int i = 0; i < expected.length; i++) {
                    assertThat(rs.getString(i + 1))
                            .as(where + ": run column " + (i + 1))
                            .isEqualTo(expected[i]);
                }
            }
        }
    }

    private static void assertCases(Database db, Run run, List<TestCase> cases, String where) throws SQLException {
        for (TestCase tc : cases) {
            long key = tc.id().key();
            try (PreparedStatement ps =
                    db.connection().prepareStatement("select suite, name, group_key, file from test where id = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(where + ": test stored").isTrue();
                    assertThat(rs.getString(1))
                            .as(where + ": suite")
                            .isEqualTo(tc.id().suite());
                    assertThat(rs.getString(2))
                            .as(where + ": name")
                            .isEqualTo(tc.id().name());
                    assertThat(rs.getString(3)).as(where + ": group").isEqualTo(TestGroups.groupKey(tc.id()));
                    assertThat(rs.getString(4)).as(where + ": file").isEqualTo(tc.file());
                }
            }
            try (PreparedStatement ps = db.connection()
                    .prepareStatement(
                            "select attempt, type, message, detail from failure where run_id = ? and test_id = ? order by attempt")) {
                ps.setLong(1, run.key());
                ps.setLong(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int a = 0; a < tc.attempts().size(); a++) {
                        Failure f = tc.attempts().get(a).failure();
                        if (f == null) {
                            continue;
                        }
                        assertThat(rs.next()).as(where + ": failure stored").isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(a + 1);
                        assertThat(rs.getString(2)).as(where + ": type").isEqualTo(f.type());
                        assertThat(rs.getString(3)).as(where + ": message").isEqualTo(f.message());
                        assertThat(rs.getString(4)).as(where + ": detail").isEqualTo(f.detail());
                    }
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    private static String text(Database db, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
