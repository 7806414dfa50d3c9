package io.liftwatch.api;

import io.liftwatch.common.db.Transactions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import javax.sql.DataSource;
import java.sql.Connection;

/** Runs JDBC work on a worker thread with a pooled connection; the event loop only sees the future. */
public final class Blocking {
    private final Vertx vertx;
    private final DataSource dataSource;

    public interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    public Blocking(Vertx vertx, DataSource dataSource) {
        this.vertx = vertx;
        this.dataSource = dataSource;
    }

    public <T> Future<T> run(Work<T> work) {
        return vertx.executeBlocking(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        }, false);
    }

    /** The same, in one transaction: committed if the work returns, rolled back if it throws. */
    public <T> Future<T> transaction(Work<T> work) {
        return run(connection -> Transactions.inTransaction(connection, work::run));
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
