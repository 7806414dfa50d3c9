package io.liftwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One of ingest's own jobs as operators see it: its last success and its failures as metrics (tagged with the
 * job's name, one Prometheus series per kind for every job) and as readiness details, so a job that stopped is seen.
 */
final class JobHealth {
    static final String LAST_SUCCESS = "liftwatch.job.last.success";
    static final String FAILURES = "liftwatch.job.failures";

    private final LongSupplier clock;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final Counter failures;

    JobHealth(String job, MeterRegistry registry, LongSupplier clock) {
        this.clock = clock;
        Gauge.builder(LAST_SUCCESS, lastSuccess, t -> t.get() / 1000.0).tag("job", job).baseUnit("seconds")
                .description("epoch time of the job's last successful run").register(registry);
        failures = Counter.builder(FAILURES).tag("job", job).description("runs of the job that failed")
                .register(registry);
    }

    /** One run of the job. */
    interface Run {
        int run() throws SQLException;
    }

    /** Runs the job once and records how it ended; returns what the run did. Failures are counted, then rethrown. */
    int record(Run run) throws SQLException {
        try {
            int done = run.run();
            lastSuccess.set(clock.getAsLong());
            lastFailure.set(null);
            return done;
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            lastFailure.set(e.getMessage());
            throw e;
        }
    }

    /** When it last succeeded, and why it last failed if its last run did. */
    JsonObject state() {
        JsonObject state = new JsonObject().put("lastSuccess", lastSuccess.get() == 0 ? null
                : Instant.ofEpochMilli(lastSuccess.get()).toString());
        String failure = lastFailure.get();
        return failure == null ? state.put("status", "UP") : state.put("status", "FAILING").put("error", failure);
    }
}
