package io.liftwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * Keeps the hourly rollups (V32) current: each run recomputes the marked lift-hours, all but the hour in progress
 * (V59; readers read a pending hour from its raw rows), a bounded number per transaction, until none are left.
 * Ingest runs it on a timer; any number of instances may, since each takes lifts the others do not hold (V47) and
 * leaves theirs to a later run. Its last success and its failures are metrics and part of the readiness details,
 * so a rollup that stopped is seen.
 */
final class RollupJob {
    static final String LAST_SUCCESS = JobHealth.LAST_SUCCESS;
    static final String FAILURES = JobHealth.FAILURES;
    static final String DONE = "liftwatch.job.rollup.hours";
    private static final String REFRESH = "SELECT liftwatch_refresh_rollups(?)";

    private final DataSource dataSource;
    private final int hoursPerTransaction;
    private final JobHealth health;
    private final Counter hours;

    RollupJob(DataSource dataSource, int hoursPerTransaction, MeterRegistry registry, LongSupplier clock) {
        this.dataSource = dataSource;
        this.hoursPerTransaction = hoursPerTransaction;
        health = new JobHealth("rollup", registry, clock);
        hours = Counter.builder(DONE).description("lift-hours recomputed by the rollup job").register(registry);
    }

    /** Recomputes the marked lift-hours it may take; returns how many. Failures are counted, then rethrown. */
    int run() throws SQLException {
        return health.record(() -> {
            int total = 0;
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement refresh = connection.prepareStatement(REFRESH)) {
                connection.setAutoCommit(false);
                refresh.setInt(1, hoursPerTransaction);
                int done;
                do {
                    try (ResultSet row = refresh.executeQuery()) {
                        row.next();
                        done = row.getInt(1);
                    }
                    connection.commit();
                    total += done;
                    hours.increment(done);
                } while (done == hoursPerTransaction);
            }
            return total;
        });
    }

    /** For readiness: when it last succeeded, and why it last failed if its last run did. */
    JsonObject state() {
        return health.state();
    }
}
