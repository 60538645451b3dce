package io.flakelens.store.detect;

import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.detect.FlakyTest;
import io.flakelens.core.model.TestId;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads the ranked flaky-test list from the occurrences detection left. */
public final class FlakeQueries {
    private final Database db;
    private final FlakeScore score;

    public FlakeQueries(Database db, FlakeScore score) {
        this.db = db;
        this.score = score;
    }

    public List<FlakyTest> flakes(FlakeFilter f) {
        return flakes(f, false);
    }

    /**
     * The ranked list. With {@code byGroup}, parameterised variants count as one flake (Findit's
     * grouping): distinct changes and runs are counted over the whole group, not summed per variant.
     */
    public List<FlakyTest> flakes(FlakeFilter f, boolean byGroup) {
        return new FlakeListing(score).flakes(new JdbcFlakeRows(db), f, byGroup);
    }

    /** Ids of every test that failed at least once: the most any detector could ever flag. */
    public java.util.Set<String> testsThatFailed() {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement ps = db.connection()
                        .prepareStatement("select t.suite, t.name from test t where t.id in"
                                + " (select distinct test_id from result where outcome in ('F', 'E'))");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TestId(rs.getString(1), rs.getString(2)).id());
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list failed tests: " + e.getMessage(), e);
        }
        return out;
    }
}
