package io.liftwatch.api.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: 32 random bytes, shown once, stored as their SHA-256 (a token is random and long, so a
 * fast hash suffices; a password is not, and gets PBKDF2).
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RESOLVE = """
            SELECT a.id, a.role, a.organisation_id, a.region FROM api_token t JOIN account a ON a.id = t.account_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL""";
    private static final String ISSUE = "INSERT INTO api_token (account_id, token_hash, label) VALUES (?, ?, ?) RETURNING id";

    private Tokens() {
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Creates a token for the account; returns {id, token}. The token is not kept. */
    public static Object[] issue(Connection connection, String accountId, String label) throws SQLException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "lw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (PreparedStatement insert = connection.prepareStatement(ISSUE)) {
            insert.setString(1, accountId);
            insert.setString(2, hash(token));
            insert.setString(3, label);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Object[]{row.getLong(1), token};
            }
        }
    }

    /** The principal a live token stands for, or null. */
    static Principal resolve(Connection connection, String token) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(RESOLVE)) {
            select.setString(1, hash(token));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new Principal(row.getString(1), Principal.Role.valueOf(row.getString(2).toUpperCase()),
                        row.getString(3), row.getString(4));
            }
        }
    }
}
