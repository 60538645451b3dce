package io.flakelens.store.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.changepoint.CommitRuns;
import io.flakelens.core.changepoint.Segment;
import io.flakelens.core.changepoint.Segmentation;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.Scenario;
import io.flakelens.store.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Main-line histories as segmentation reads them, on both stores. */
class CommitHistoryQueryTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return TestStores.names();
    }

    static long key(String name) {
        return new TestId("com.acme.Suite", name).key();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_run_counts_once_per_commit_in_the_order_revisions_first_ran(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "P").passing(3);
            s.post("r2", "linux").test("a", "FP").passing(3); // flaky: unexpected, not after retry
            s.post("r2", "linux").test("a", "P").passing(3);
            s.post("r3", "linux").test("a", "FF").passing(3); // failed after retry
            s.post("r3", "mac").test("a", "S").passing(3); // no verdict
            s.pre("c1", "1", "r3", "linux").test("a", "F").passing(3); // presubmit: not main line
            s.post("r0", "linux").test("a", "P").passing(3); // first ran last: ordered last
            s.store();
            List<CommitHistory> h = new CommitHistoryQuery(db).of(key("a"));
            assertThat(h).singleElement().satisfies(x -> {
                assertThat(x.job()).isEqualTo("unit");
                assertThat(x.builder()).isEqualTo("linux");
                assertThat(x.commits())
                        .containsExactly(
                                new CommitRuns("r1", 1, 0, 0),
                                new CommitRuns("r2", 2, 1, 0),
                                new CommitRuns("r3", 1, 1, 1),
                                new CommitRuns("r0", 1, 0, 0));
            });
        }
    }

    /** Uploads do not wait for reads: a revision that lands between the query's two reads is placed too. */
    @ParameterizedTest
    @MethodSource("stores")
    void a_revision_that_lands_while_histories_are_read_is_ordered_with_the_rest(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "P").passing(3);
            s.store();
            Runnable lands = () -> {
                s.post("r2", "linux").test("a", "F").passing(3);
                s.store(); // r1's report again, which is skipped, and r2's
            };
            List<CommitHistory> h = new CommitHistoryQuery(db, lands).of(key("a"));
            assertThat(h)
                    .singleElement()
                    .satisfies(x -> assertThat(x.commits())
                            .containsExactly(new CommitRuns("r1", 1, 0, 0), new CommitRuns("r2", 1, 1, 1)));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void reruns_feed_their_commit_but_do_not_order_it_nor_count_as_flakes(String store) throws Exception {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            s.post("r1", "linux").test("a", "P").passing(3);
            s.post("r2", "linux").test("a", "P").passing(3);
            s.post("r3", "linux").test("a", "FP").passing(3);
            s.rerun("r1", "linux").test("a", "P").passing(3);
            s.rerun("r1", "linux").test("a", "FP").passing(3); // two iterations, one failed: r1 flaky already
            s.rerun("r0", "linux").test("a", "P").passing(3); // only ever rerun: placed by its rerun
            s.store();
            List<CommitHistory> h = new CommitHistoryQuery(db).of(key("a"));
            assertThat(h)
                    .singleElement()
                    .satisfies(x -> assertThat(x.commits())
                            .containsExactly(
                                    new CommitRuns("r1", 4, 1, 1),
                                    new CommitRuns("r2", 1, 0, 0),
                                    new CommitRuns("r3", 1, 1, 0),
                                    new CommitRuns("r0", 1, 0, 0)));
            new io.flakelens.store.detect.FlakeDetection(io.flakelens.store.detect.DetectionConfig.defaults()).run(db);
            List<Long> flakeRuns = new ArrayList<>();
            try (var st = db.connection().createStatement();
                    var rs = st.executeQuery("select o.run_id from flake_occurrence o join run u on u.id = o.run_id"
                            + " where u.revision = 'r1'")) {
                while (rs.next()) {
                    flakeRuns.add(rs.getLong(1));
                }
            }
            assertThat(flakeRuns).as("the rerun's retry is no flake occurrence").isEmpty();
            try (var st = db.connection().createStatement();
                    var rs = st.executeQuery("select count(*) from flake_occurrence o join run u on u.id = o.run_id"
                            + " where u.revision = 'r3'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the CI run's retry still is").isEqualTo(1);
            }
        }
    }

    /**
     * Reading a few tests numbers only their runs; what it reads must be what reading every test
     * gives for them, whichever revisions, builders and runs the other tests had.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void a_few_tests_read_alone_have_the_histories_every_test_read_at_once_gives_them(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            // rf first runs here, without the tests below: it still orders first for them
            s.post("rf", "win").test("everywhere", "P");
            for (int i = 0; i < 12; i++) {
                String rev = "r" + (char) ('a' + (i * 7) % 12);
                s.post(rev, "linux").test("early", i < 6 ? "P" : "FP").test("everywhere", "P");
                s.post(rev, i % 2 == 0 ? "mac" : "win").test("everywhere", i % 3 == 0 ? "F" : "P");
                if (i >= 6) {
                    s.post("late-" + i, "linux").test("late", i % 2 == 0 ? "FF" : "P");
                }
                if (i % 4 == 0) {
                    s.rerun(rev, "linux").test("early", "PFP");
                    s.pre("c" + i, "1", rev, "linux").test("late", "F");
                }
            }
            s.post("x0", "linux").test("early", "P"); // first ran last
            s.store();
            List<CommitHistory> all = new ArrayList<>();
            new CommitHistoryQuery(db).each(all::add);
            for (List<String> names :
                    List.of(List.of("early"), List.of("late"), List.of("early", "late", "everywhere"))) {
                List<Long> keys =
                        names.stream().map(CommitHistoryQueryTest::key).toList();
                List<CommitHistory> expected =
                        all.stream().filter(h -> keys.contains(h.testId())).toList();
                assertThat(expected).as("%s", names).isNotEmpty();
                assertThat(new CommitHistoryQuery(db).of(keys))
                        .as("%s", names)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(new CommitHistoryQuery(db).of(key("late")))
                    .containsExactlyInAnyOrderElementsOf(
                            all.stream().filter(h -> h.testId() == key("late")).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void every_test_and_builder_is_read_in_one_pass_and_a_regression_segments(String store) {
        try (Database db = TestStores.open(store, dir)) {
            Scenario s = new Scenario(db);
            for (int i = 0; i < 30; i++) {
                s.post("r" + (100 + i), "linux")
                        .test("broken", i < 18 ? "P" : "FF")
                        .test("fine", "P")
                        .passing(3);
                s.post("r" + (100 + i), "mac").test("fine", "P");
            }
            s.store();
            List<CommitHistory> all = new ArrayList<>();
            new CommitHistoryQuery(db).each(all::add);
            assertThat(all)
                    .extracting(h -> h.name() + "@" + h.builder())
                    .contains("broken@linux", "fine@linux", "fine@mac")
                    .doesNotHaveDuplicates();
            CommitHistory broken = all.stream()
                    .filter(h -> h.name().equals("broken"))
                    .findFirst()
                    .orElseThrow();
            List<Segment> seg = Segmentation.defaults().segment(broken.commits());
            assertThat(seg).extracting(Segment::state).containsExactly(Segment.State.STABLE, Segment.State.FAILING);
            assertThat(broken.commits().get(seg.get(1).start().at()).revision()).isEqualTo("r118");
        }
    }
}
