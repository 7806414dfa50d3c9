package io.liftwatch.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TimescaleDB's compression and retention jobs as ingest's metrics, beside its own rollup job: the
 * stalest last success of each kind and its failures, read from the extension's job statistics. On plain
 * PostgreSQL there are no such jobs and the gauges stay 0.
 */
final class TimescaleJobs {
    private static final Map<String, String> KINDS = Map.of("policy_compression", "compression",
            "policy_retention", "retention");
    private static final String STATS = """
            SELECT j.proc_name,
                   -- A job that never succeeded reports -infinity: the kind's last success is then unknown (0).
                   CASE WHEN bool_or(s.last_successful_finish = '-infinity') THEN 0
                        ELSE coalesce(min(extract(epoch FROM s.last_successful_finish)), 0)::bigint END,
                   sum(s.total_failures)
            FROM timescaledb_information.jobs j JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
            WHERE j.proc_name IN ('policy_compression', 'policy_retention')
            GROUP BY j.proc_name""";

    private final DataSource dataSource;
    private final Map<String, AtomicLong> lastSuccess = Map.of("compression", new AtomicLong(),
            "retention", new AtomicLong());
    private final Map<String, AtomicLong> failures = Map.of("compression", new AtomicLong(),
            "retention", new AtomicLong());

    TimescaleJobs(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        for (String kind : lastSuccess.keySet()) {
            Gauge.builder(RollupJob.LAST_SUCCESS, lastSuccess.get(kind), AtomicLong::get).tag("job", kind)
                    .baseUnit("seconds").description("epoch time of the job's last successful run").register(registry);
            // A counter of the same name as the rollup job's: one Prometheus series, liftwatch_job_failures_total{job}.
            FunctionCounter.builder(RollupJob.FAILURES, failures.get(kind), AtomicLong::get).tag("job", kind)
                    .description("runs of the job that failed").register(registry);
        }
    }

    /** Reads the jobs' statistics where the extension is installed. */
    void poll() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet installed = statement.executeQuery(
                    "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
                installed.next();
                if (installed.getInt(1) == 0) {
                    return;
                }
            }
            try (ResultSet rows = statement.executeQuery(STATS)) {
                while (rows.next()) {
                    String kind = KINDS.get(rows.getString(1));
                    lastSuccess.get(kind).set(rows.getLong(2));
                    failures.get(kind).set(rows.getLong(3));
                }
            }
        }
    }

    JsonObject state() {
        JsonObject state = new JsonObject();
        lastSuccess.forEach((kind, epoch) -> state.put(kind, new JsonObject()
                .put("lastSuccess", epoch.get() == 0 ? null : java.time.Instant.ofEpochSecond(epoch.get()).toString())
                .put("failures", failures.get(kind).get())));
        return state;
    }
}
