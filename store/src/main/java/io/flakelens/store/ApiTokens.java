package io.flakelens.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Upload tokens. A token is 32 random bytes in URL-safe base64, shown once at creation; the store
 * keeps only its SHA-256, so reading the database gives no working token.
 */
public final class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Token(String name, Instant createdAt) {}

    private final Database db;

    public ApiTokens(Database db) {
        this.db = db;
    }

    /** Creates a token named {@code name} and returns its secret, which is not stored anywhere. */
    public String create(String name) {
        if (name == null || name.isBlank()) {
            throw new StoreException("a token needs a name");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (PreparedStatement ps =
                db.connection().prepareStatement("insert into api_token (name, sha256, created_at) values (?, ?, ?)")) {
            if (exists(name)) {
                throw new StoreException("a token named " + name + " already exists");
            }
            ps.setString(1, name);
            ps.setString(2, HexFormat.of().formatHex(sha256(token)));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the token: " + e.getMessage(), e);
        }
        return token;
    }

    private boolean exists(String name) throws SQLException {
        try (PreparedStatement ps = db.connection().prepareStatement("select 1 from api_token where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Names and creation times, oldest first; never the tokens, which are not stored. */
    public List<Token> list() {
        List<Token> out = new ArrayList<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("select name, created_at from api_token order by created_at, name")) {
            while (rs.next()) {
                out.add(new Token(rs.getString(1), rs.getTimestamp(2).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list tokens: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The name of the token {@code presented} matches, or null. Every stored hash is compared with
     * {@link MessageDigest#isEqual} (constant time) and the loop never stops early, so the time taken
     * says nothing about how close a guess was.
     */
    public String verify(String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] want = sha256(presented);
        String match = null;
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("select name, sha256 from api_token")) {
            while (rs.next()) {
                byte[] have;
                try {
                    have = HexFormat.of().parseHex(rs.getString(2));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(want, have) && match == null) {
                    match = rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot check the token: " + e.getMessage(), e);
        }
        return match;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
