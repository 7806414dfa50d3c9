package io.liftwatch.api.access;

import io.liftwatch.common.hash.Sha256;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * API tokens and live-stream tickets: 32 random bytes, shown once, stored as their SHA-256 (a token is
 * random and long, so a fast hash suffices; a password is not, and gets PBKDF2). Every token expires.
 */
public final class Tokens {
    /** How long a ticket for the live stream may wait to be used. */
    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PRINCIPAL_COLUMNS = "t.id, t.expires_at, a.id, a.role, a.organisation_id, a.region, a.language";
    private static final String LIVE = "t.revoked_at IS NULL AND t.expires_at > now() AND a.disabled_at IS NULL";
    private static final String RESOLVE = "SELECT " + PRINCIPAL_COLUMNS
            + " FROM api_token t JOIN account a ON a.id = t.account_id WHERE t.token_hash = ? AND " + LIVE;
    private static final String ISSUE = """
            INSERT INTO api_token (account_id, token_hash, label, expires_at, refreshable_until)
            VALUES (?, ?, ?, least(now() + ?::interval, ?::timestamptz), ?::timestamptz)
            RETURNING id, expires_at""";
    private static final String ISSUE_TICKET = """
            INSERT INTO stream_ticket (ticket_hash, token_id, expires_at) VALUES (?, ?, now() + ?::interval)""";
    private static final String REDEEM_TICKET = "WITH used AS (UPDATE stream_ticket SET used_at = now()"
            + " WHERE ticket_hash = ? AND used_at IS NULL AND expires_at > now() RETURNING token_id)"
            + " SELECT " + PRINCIPAL_COLUMNS + " FROM used JOIN api_token t ON t.id = used.token_id"
            + " JOIN account a ON a.id = t.account_id WHERE " + LIVE;
    private static final String FORGET_TICKETS = "DELETE FROM stream_ticket WHERE expires_at < now() - interval '1 hour'";
    private static final String STILL_LIVE = "SELECT t.id FROM api_token t JOIN account a ON a.id = t.account_id"
            + " WHERE t.id = ANY (?) AND " + LIVE;

    /** A token just issued: its id, the secret itself (never stored) and when it stops working. */
    public record Issued(long id, String token, Instant expiresAt) {
    }

    private Tokens() {
    }

    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** Creates a token for the account, valid for {@code lifetime}, never refreshed. The token itself is not kept. */
    public static Issued issue(Connection connection, String accountId, String label, Duration lifetime)
            throws SQLException {
        return issue(connection, accountId, label, lifetime, null);
    }

    /**
     * Creates a token for the account, valid for {@code lifetime} but not past {@code refreshableUntil}, and
     * refreshable until then; null: not refreshable.
     */
    public static Issued issue(Connection connection, String accountId, String label, Duration lifetime,
                               Instant refreshableUntil) throws SQLException {
        String token = "lw_" + randomText();
        try (PreparedStatement insert = connection.prepareStatement(ISSUE)) {
            OffsetDateTime until = refreshableUntil == null ? null : refreshableUntil.atOffset(ZoneOffset.UTC);
            insert.setString(1, accountId);
            insert.setString(2, hash(token));
            insert.setString(3, label);
            insert.setString(4, lifetime.toSeconds() + " seconds");
            insert.setObject(5, until);
            insert.setObject(6, until);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Issued(row.getLong(1), token, row.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
    }

    /** The principal a live token stands for, or null when it is unknown, expired or revoked. */
    static Principal resolve(Connection connection, String token) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(RESOLVE)) {
            select.setString(1, hash(token));
            return principal(select);
        }
    }

    /** A single-use ticket that opens the live stream as the token's account, for a minute. */
    static String issueTicket(Connection connection, long tokenId) throws SQLException {
        return issueSingleUse(connection, "lwt_", FORGET_TICKETS, ISSUE_TICKET, tokenId, TICKET_LIFETIME);
    }

    /**
     * A new single-use secret (a stream ticket, a sign-in link): {@code prefix} and 32 random bytes. Deletes
     * the long-expired ones ({@code forget}), then stores only the secret's hash with what it opens and when
     * it expires ({@code issue}, parameters: hash, owner, lifetime as an interval).
     */
    static String issueSingleUse(Connection connection, String prefix, String forget, String issue, Object owner,
                                 Duration lifetime) throws SQLException {
        String secret = prefix + randomText();
        try (PreparedStatement forgetting = connection.prepareStatement(forget);
             PreparedStatement insert = connection.prepareStatement(issue)) {
            forgetting.executeUpdate();
            insert.setString(1, hash(secret));
            insert.setObject(2, owner);
            insert.setString(3, lifetime.toSeconds() + " seconds");
            insert.executeUpdate();
        }
        return secret;
    }

    /** The principal of an unused, unexpired ticket whose token is still live, or null; the ticket is spent. */
    static Principal redeemTicket(Connection connection, String ticket) throws SQLException {
        try (PreparedStatement redeem = connection.prepareStatement(REDEEM_TICKET)) {
            redeem.setString(1, hash(ticket));
            return principal(redeem);
        }
    }

    /** Which of these token ids are still live (not revoked, not expired, account not disabled). */
    public static Set<Long> stillLive(Connection connection, Collection<Long> tokenIds) throws SQLException {
        Set<Long> live = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(STILL_LIVE)) {
            select.setArray(1, connection.createArrayOf("bigint", tokenIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    live.add(rows.getLong(1));
                }
            }
        }
        return live;
    }

    private static Principal principal(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            return new Principal(row.getString(3), Principal.Role.valueOf(row.getString(4).toUpperCase()),
                    row.getString(5), row.getString(6), row.getLong(1),
                    row.getObject(2, OffsetDateTime.class).toInstant(), row.getString(7));
        }
    }

    private static String randomText() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
