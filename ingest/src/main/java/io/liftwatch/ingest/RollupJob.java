package io.liftwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Keeps the hourly rollups (V32) current: each run recomputes the lift-hours the telemetry tables'
 * triggers marked, a bounded number per transaction, until none are left. Ingest runs it on a timer; any
 * number of instances may, since each takes lifts the others do not hold (V47) and leaves theirs to a later
 * run. Its last success and its
 * failures are metrics and part of the readiness details, so a rollup that stopped is seen.
 */
final class RollupJob {
    static final String LAST_SUCCESS = "liftwatch.job.last.success";
    static final String FAILURES = "liftwatch.job.failures";
    static final String DONE = "liftwatch.job.rollup.hours";
    private static final String REFRESH = "SELECT liftwatch_refresh_rollups(?)";

    private final DataSource dataSource;
    private final int hoursPerTransaction;
    private final LongSupplier clock;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final Counter failures;
    private final Counter hours;

    RollupJob(DataSource dataSource, int hoursPerTransaction, MeterRegistry registry, LongSupplier clock) {
        this.dataSource = dataSource;
        this.hoursPerTransaction = hoursPerTransaction;
        this.clock = clock;
        Gauge.builder(LAST_SUCCESS, lastSuccess, t -> t.get() / 1000.0).tag("job", "rollup").baseUnit("seconds")
                .description("epoch time of the job's last successful run").register(registry);
        failures = Counter.builder(FAILURES).tag("job", "rollup").description("runs of the job that failed")
                .register(registry);
        hours = Counter.builder(DONE).description("lift-hours recomputed by the rollup job").register(registry);
    }

    /** Recomputes every marked lift-hour; returns how many. Failures are counted, then rethrown. */
    int run() throws SQLException {
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
            lastSuccess.set(clock.getAsLong());
            lastFailure.set(null);
            return total;
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            lastFailure.set(e.getMessage());
            throw e;
        }
    }

    /** For readiness: when it last succeeded, and why it last failed if its last run did. */
    JsonObject state() {
        JsonObject state = new JsonObject().put("lastSuccess", lastSuccess.get() == 0 ? null
                : java.time.Instant.ofEpochMilli(lastSuccess.get()).toString());
        String failure = lastFailure.get();
        return failure == null ? state.put("status", "UP") : state.put("status", "FAILING").put("error", failure);
    }
}
