package io.liftwatch.common.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One transaction around some work: committed if the work returns, rolled back if it throws. */
public final class Transactions {
    private Transactions() {
    }

    /** Work on a connection; {@code E} is whatever else it may throw besides {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(Connection connection) throws SQLException, E;
    }

    /** On a connection of its own from {@code dataSource}. */
    public static <T, E extends Exception> T inTransaction(DataSource dataSource, Work<T, E> work)
            throws SQLException, E {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, work);
        }
    }

    /** On {@code connection}, left in auto-commit mode afterwards. */
    public static <T, E extends Exception> T inTransaction(Connection connection, Work<T, E> work)
            throws SQLException, E {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (Exception e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
