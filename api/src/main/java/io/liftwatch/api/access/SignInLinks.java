package io.liftwatch.api.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One-time sign-in links for the console: a random secret, kept as its SHA-256, valid for minutes and
 * spent on first use, that {@code GET /auth/session/link?code=…} exchanges for a session cookie. Unlike a
 * token it is worthless once used, so it may stand in an address the way a password-reset link does.
 */
public final class SignInLinks {
    /** The path, under /api/v1, a link opens. */
    public static final String PATH = "/auth/session/link";
    private static final String ISSUE = """
            INSERT INTO sign_in_link (link_hash, account_id, expires_at) VALUES (?, ?, now() + ?::interval)""";
    private static final String FORGET = "DELETE FROM sign_in_link WHERE expires_at < now() - interval '1 day'";
    private static final String REDEEM = """
            UPDATE sign_in_link l SET used_at = now() FROM account a
            WHERE l.link_hash = ? AND l.used_at IS NULL AND l.expires_at > now()
              AND a.id = l.account_id AND a.disabled_at IS NULL
            RETURNING l.account_id""";

    private SignInLinks() {
    }

    /** A link secret for the account, valid for {@code lifetime}; only its hash is stored. */
    public static String issue(Connection connection, String accountId, Duration lifetime) throws SQLException {
        return Tokens.issueSingleUse(connection, "lwl_", FORGET, ISSUE, accountId, lifetime);
    }

    /** The account of an unused, unexpired link whose account is enabled, or null; the link is spent either way. */
    static String redeem(Connection connection, String code) throws SQLException {
        try (PreparedStatement redeem = connection.prepareStatement(REDEEM)) {
            redeem.setString(1, Tokens.hash(code));
            try (ResultSet row = redeem.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
