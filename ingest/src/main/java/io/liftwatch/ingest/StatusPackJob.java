package io.liftwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Packs the status rows of closed lift-days into one row each (V53, {@code liftwatch_pack_status}): a bounded
 * number of lift-days per transaction, until a transaction finds none due. Late rows of a packed day are merged by
 * a later run. Any number of ingest instances may run it at once; each skips the lifts another is packing. Where
 * status_sample is a TimescaleDB hypertable the function does nothing (compression packs the rows there). Its last
 * success and failures are metrics and part of the readiness details, as the rollup job's.
 */
public final class StatusPackJob {
    static final String DONE = "liftwatch.job.status.pack.days";
    private static final String PACK = "SELECT liftwatch_pack_status(? * interval '1 millisecond', ?)";

    private final DataSource dataSource;
    private final IngestConfig.StatusPacking settings;
    private final JobHealth health;
    private final Counter days;

    StatusPackJob(DataSource dataSource, IngestConfig.StatusPacking settings, MeterRegistry registry, LongSupplier clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        health = new JobHealth("status_pack", registry, clock);
        days = Counter.builder(DONE).description("lift-days of status rows packed").register(registry);
    }

    /** Packs every closed lift-day not packed yet, and merges late rows; returns how many lift-days. */
    int run() throws SQLException {
        return health.record(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return packDue(connection, settings, days::increment);
            }
        });
    }

    /**
     * One run of the job on {@code connection}, which it leaves in manual commit: a transaction per call of the
     * function, each call's lift-days given to {@code packed}; returns the lift-days packed. For a bulk load too.
     */
    public static int packDue(Connection connection, IngestConfig.StatusPacking settings, IntConsumer packed)
            throws SQLException {
        int total = 0;
        try (PreparedStatement pack = connection.prepareStatement(PACK)) {
            connection.setAutoCommit(false);
            pack.setLong(1, settings.margin().toMillis());
            pack.setInt(2, settings.liftDaysPerTransaction());
            int done;
            do {
                try (ResultSet row = pack.executeQuery()) {
                    row.next();
                    done = row.getInt(1);
                }
                connection.commit();
                total += done;
                packed.accept(done);
            } while (done > 0);
        }
        return total;
    }

    /** For readiness: when it last succeeded, and why it last failed if its last run did. */
    JsonObject state() {
        return health.state();
    }
}
