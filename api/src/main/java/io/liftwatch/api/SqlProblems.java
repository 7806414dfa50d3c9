package io.liftwatch.api;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's refusals as answers a caller can act on: a key that exists already or names nothing, a
 * rule (check constraint) broken, a record that may not change. Only column names, the caller's own
 * values and constraint names are repeated; never SQL text or the server's wording.
 */
final class SqlProblems {
    private static final Pattern KEY = Pattern.compile("Key \\((.+?)\\)=\\((.*?)\\)");
    private static final Pattern REFERENCED = Pattern.compile("is still referenced from table \"([a-z_]+)\"");
    private static final int SHOWN_CHARACTERS = 80;

    private SqlProblems() {
    }

    /** The problem for a failure the database reported, or null when it is not one a caller caused. */
    static Problem of(Throwable failure) {
        PSQLException sql = serverError(failure);
        if (sql == null || sql.getSQLState() == null) {
            return null;
        }
        ServerErrorMessage server = sql.getServerErrorMessage();
        String state = sql.getSQLState();
        return switch (state) {
            case "23505" -> Problem.conflict(key(server, "already exists"));
            case "23503" -> referencedBy(server) != null
                    ? Problem.conflict(key(server, "is still named by " + referencedBy(server) + " rows; it cannot be removed"))
                    : Problem.unprocessable(key(server, "names nothing that exists"));
            case "23502" -> Problem.unprocessable("'" + server.getColumn() + "' is required");
            case "23514", "23P01" -> Problem.unprocessable("the change breaks the rule '" + server.getConstraint() + "'");
            // Raised by LiftWatch's own triggers (records that never change): their text is ours to show.
            case "P0001" -> Problem.conflict(shorten(server.getMessage()));
            default -> state.startsWith("22") ? Problem.badRequest("a value is out of range or not of the expected form")
                    : null;
        };
    }

    /** The table whose rows still name a key the statement would remove, or null when the key named nothing. */
    private static String referencedBy(ServerErrorMessage server) {
        Matcher table = REFERENCED.matcher(server.getDetail() == null ? "" : server.getDetail());
        return table.find() ? table.group(1) : null;
    }

    private static String key(ServerErrorMessage server, String what) {
        Matcher key = KEY.matcher(server.getDetail() == null ? "" : server.getDetail());
        if (key.find()) {
            return key.group(1) + " '" + shorten(key.group(2)) + "' " + what;
        }
        return "a key " + what + " (constraint '" + server.getConstraint() + "')";
    }

    private static String shorten(String text) {
        return text == null || text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "…";
    }

    /** The server's own error, also when the driver wraps it (batch updates do). */
    private static PSQLException serverError(Throwable failure) {
        Throwable current = failure;
        while (current != null) {
            if (current instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql;
            }
            if (current instanceof SQLException sql && sql.getNextException() != null) {
                current = sql.getNextException();
            } else {
                current = current.getCause();
            }
        }
        return null;
    }
}
