package io.liftwatch.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Alerts' meters: how much it hears, how far its rule thread runs behind the broker, and how long its
 * commits take. A growing in-flight count or handling time means alarms are being raised late.
 */
final class AlertsMetrics {
    private final Counter received;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer handling;
    private final Timer commit;

    AlertsMetrics(MeterRegistry registry) {
        received = Counter.builder("liftwatch.alerts.received").description("MQTT messages received")
                .register(registry);
        Gauge.builder("liftwatch.alerts.inflight", inFlight, AtomicInteger::get)
                .description("messages received but not yet evaluated, committed and acknowledged").register(registry);
        handling = Timer.builder("liftwatch.alerts.handling")
                .description("receive time to the commit of the alarm changes the message caused")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
        commit = Timer.builder("liftwatch.alerts.commit").description("time to commit one batch of alarm changes")
                .publishPercentileHistogram().register(registry);
    }

    void received() {
        received.increment();
        inFlight.incrementAndGet();
    }

    void committed(long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The message's changes are committed and it is acknowledged (or it changed nothing). */
    void handled(long receivedAt, long now) {
        inFlight.decrementAndGet();
        handling.record(Math.max(0, now - receivedAt), TimeUnit.MILLISECONDS);
    }
}
