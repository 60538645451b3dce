package io.flakelens.store.bugs;

import io.flakelens.core.bugs.BugRef;
import io.flakelens.store.Database;
import io.flakelens.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bugs table and its companions. Each write is one transaction, so a bug, its flakes and the
 * action that counts against the budget land together or not at all.
 */
public final class BugStore {
    private final Database db;

    public BugStore(Database db) {
        this.db = db;
    }

    /** Every bug of {@code repo} (all repositories when null) with its flakes, oldest first. */
    public List<StoredBug> bugs(String repo) {
        Map<String, List<String>> flakes = new HashMap<>();
        try (PreparedStatement ps =
                        db.connection().prepareStatement("select bug_id, flake from bug_flake order by flake");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                flakes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw fail("read bug flakes", e);
        }
        List<StoredBug> out = new ArrayList<>();
        try (PreparedStatement ps = db.connection()
                .prepareStatement(
                        "select id, number, url, state, repo, title, marker," + " created_at, touched_at from bug"
                                + (repo == null ? "" : " where repo = ?") + " order by created_at, id")) {
            if (repo != null) {
                ps.setString(1, repo);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredBug(
                            new BugRef(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getTimestamp(8).toInstant(),
                            rs.getTimestamp(9).toInstant(),
                            flakes.getOrDefault(rs.getString(1), List.of())));
                }
            }
        } catch (SQLException e) {
            throw fail("read bugs", e);
        }
        return out;
    }

    /** Per flake, the newest bug tracking it: what the report links and what sync updates. */
    public Map<String, StoredBug> latestByFlake(String repo) {
        Map<String, StoredBug> out = new LinkedHashMap<>();
        for (StoredBug b : bugs(repo)) {
            for (String f : b.flakes()) {
                out.put(f, b); // oldest first, so the last put is the newest
            }
        }
        return out;
    }

    public Optional<StoredBug> byMarker(String repo, String marker) {
        return bugs(repo).stream().filter(b -> b.marker().equals(marker)).findFirst();
    }

    /**
     * Records a bug the tracker created or that its marker found, with its flakes and (when not
     * null) the action that counts against the budget, and clears the write-ahead intent.
     */
    public void record(
            String tracker,
            String repo,
            BugRef ref,
            String title,
            String marker,
            Instant createdAt,
            Instant touchedAt,
            List<String> flakes,
            String action,
            Instant at) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from bug where id = ?")) {
                ps.setString(1, ref.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("insert into bug (id, tracker, repo, number, url, state, title,"
                            + " marker, created_at, touched_at, synced_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, ref.id());
                ps.setString(2, tracker);
                ps.setString(3, repo);
                ps.setLong(4, ref.number());
                ps.setString(5, ref.url());
                ps.setString(6, ref.state());
                ps.setString(7, title);
                ps.setString(8, marker);
                ps.setTimestamp(9, Timestamp.from(createdAt));
                ps.setTimestamp(10, Timestamp.from(touchedAt));
                ps.setTimestamp(11, Timestamp.from(at));
                ps.executeUpdate();
            }
            link(c, ref.id(), flakes);
            if (action != null) {
                action(c, ref.id(), action, at);
            }
            try (PreparedStatement ps = c.prepareStatement("delete from bug_intent where marker = ?")) {
                ps.setString(1, marker);
                ps.executeUpdate();
            }
        });
    }

    /** An update or reopen: new state, touched now, its flakes (a group may have grown), one action. */
    public void touch(String bugId, String state, List<String> flakes, String action, Instant at) {
        tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("update bug set state = ?, touched_at = ?, synced_at = ? where id = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setTimestamp(3, Timestamp.from(at));
                ps.setString(4, bugId);
                ps.executeUpdate();
            }
            link(c, bugId, flakes);
            action(c, bugId, action, at);
        });
    }

    /** The tracker's state of a bug as last read; no action, no budget. */
    public void synced(String bugId, String state, Instant at) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("update bug set state = ?, synced_at = ? where id = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, bugId);
                ps.executeUpdate();
            }
        });
    }

    /** Creates, updates and reopens with {@code from < at <= to}. */
    public long actions(Instant from, Instant to) {
        try (PreparedStatement ps = db.connection()
                .prepareStatement("select count(*) from bug_action where acted_at > ? and acted_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("count bug actions", e);
        }
    }

    /** Committed before the tracker is asked to create the bug that carries {@code marker} for {@code flakes}. */
    public void intend(String marker, Instant at, List<String> flakes) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from bug_intent where marker = ?")) {
                ps.setString(1, marker);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into bug_intent values (?, ?, ?)")) {
                ps.setString(1, marker);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, String.join("\n", flakes));
                ps.executeUpdate();
            }
        });
    }

    /** Drops an intent whose create never reached the tracker. */
    public void forget(String marker) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from bug_intent where marker = ?")) {
                ps.setString(1, marker);
                ps.executeUpdate();
            }
        });
    }

    /** A create that may have happened at the tracker without reaching the store. */
    public record Intent(String marker, Instant startedAt, List<String> flakes) {
        public Intent {
            flakes = List.copyOf(flakes);
        }
    }

    /** Pending creates by marker, oldest first. */
    public Map<String, Intent> intents() {
        Map<String, Intent> out = new LinkedHashMap<>();
        try (PreparedStatement ps = db.connection()
                        .prepareStatement("select marker, started_at, flakes from bug_intent order by started_at");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString(1),
                        new Intent(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                List.of(rs.getString(3).split("\n"))));
            }
        } catch (SQLException e) {
            throw fail("read bug intents", e);
        }
        return out;
    }

    private static void link(Connection c, String bugId, List<String> flakes) throws SQLException {
        for (String f : flakes) {
            try (PreparedStatement ps = c.prepareStatement("delete from bug_flake where flake = ? and bug_id = ?")) {
                ps.setString(1, f);
                ps.setString(2, bugId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into bug_flake values (?, ?)")) {
                ps.setString(1, f);
                ps.setString(2, bugId);
                ps.executeUpdate();
            }
        }
    }

    private static void action(Connection c, String bugId, String action, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into bug_action values (?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, bugId);
            ps.setString(3, action);
            ps.executeUpdate();
        }
    }

    private void tx(Database.Work w) {
        db.inTransaction("write bugs", w);
    }

    private static StoreException fail(String what, SQLException e) {
        return new StoreException("cannot " + what + ": " + e.getMessage(), e);
    }
}
