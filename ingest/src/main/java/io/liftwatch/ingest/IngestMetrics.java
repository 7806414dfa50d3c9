package io.liftwatch.ingest;

import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Ingest's meters. Tags come from enums only, so their number stays bounded. */
public final class IngestMetrics {
    public static final String RECEIVED = "liftwatch.ingest.received";
    public static final String WRITTEN = "liftwatch.ingest.written";
    public static final String DUPLICATES = "liftwatch.ingest.duplicates";
    public static final String REJECTED = "liftwatch.ingest.rejected";
    public static final String BATCH_SIZE = "liftwatch.ingest.batch.size";
    public static final String WRITE_LATENCY = "liftwatch.ingest.write.latency";
    public static final String WRITE_FAILURES = "liftwatch.ingest.write.failures";
    public static final String IN_FLIGHT = "liftwatch.ingest.inflight";
    public static final String LAG = "liftwatch.ingest.lag";
    public static final String CLOCK_SKEW = "liftwatch.ingest.clock.skew";
    public static final String CLOCK_SKEWED = "liftwatch.ingest.clock.skewed";
    public static final String COUNTER_RESETS = "liftwatch.ingest.counter.resets";
    public static final String STATUS_REPEATED = "liftwatch.ingest.status.repeated";

    private final Counter received;
    private final Map<MessageKind, Counter> written = new EnumMap<>(MessageKind.class);
    private final Counter duplicates;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final DistributionSummary batchSize;
    private final Timer writeLatency;
    private final Counter writeFailures;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer lag;
    private final DistributionSummary clockSkew;
    private final Counter clockSkewed;
    private final Counter counterResets;
    private final Counter statusRepeated;
    private final long skewThresholdMillis;

    public IngestMetrics(MeterRegistry registry, Duration skewThreshold) {
        this.skewThresholdMillis = skewThreshold.toMillis();
        received = Counter.builder(RECEIVED).description("MQTT messages received").register(registry);
        for (MessageKind kind : MessageKind.values()) {
            written.put(kind, Counter.builder(WRITTEN).tag("kind", kind.topicSuffix())
                    .description("messages committed as new rows").register(registry));
        }
        duplicates = Counter.builder(DUPLICATES).description("redelivered or repeated messages that changed nothing")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder(REJECTED).tag("reason", reason.code())
                    .description("messages refused and kept as dead letters").register(registry));
        }
        batchSize = DistributionSummary.builder(BATCH_SIZE).description("messages per committed batch")
                .register(registry);
        writeLatency = Timer.builder(WRITE_LATENCY).description("time to commit one batch")
                .publishPercentileHistogram().register(registry);
        writeFailures = Counter.builder(WRITE_FAILURES).description("batch writes that failed and were retried")
                .register(registry);
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("messages received but not yet acknowledged to the broker").register(registry);
        lag = Timer.builder(LAG).description("commit time minus device time")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        clockSkew = DistributionSummary.builder(CLOCK_SKEW).baseUnit("milliseconds")
                .description("receive time minus device time").register(registry);
        clockSkewed = Counter.builder(CLOCK_SKEWED)
                .description("messages whose device clock differed from the receive time beyond the threshold")
                .register(registry);
        counterResets = Counter.builder(COUNTER_RESETS).description("counter samples lower than their predecessor")
                .register(registry);
        statusRepeated = Counter.builder(STATUS_REPEATED)
                .description("status reports that repeated the lift's previous status: accepted, no row of their own")
                .register(registry);
    }

    void received(Inbound inbound) {
        received.increment();
        inFlight.incrementAndGet();
        if (inbound.isAccepted()) {
            long skew = inbound.receivedAt() - inbound.message().envelope().deviceTime();
            clockSkew.record(skew);
            if (Math.abs(skew) > skewThresholdMillis) {
                clockSkewed.increment();
            }
        }
    }

    void committed(java.util.List<Inbound> batch, WriteResult result, long nanos, long now) {
        batchSize.record(batch.size());
        writeLatency.record(nanos, TimeUnit.NANOSECONDS);
        result.written().forEach((kind, count) -> written.get(kind).increment(count));
        duplicates.increment(result.duplicates());
        counterResets.increment(result.counterResets());
        statusRepeated.increment(result.repeatedStatuses());
        for (Inbound inbound : batch) {
            if (inbound.isAccepted()) {
                lag.record(Math.max(0, now - inbound.message().envelope().deviceTime()), TimeUnit.MILLISECONDS);
            } else {
                rejected.get(inbound.rejection().reason()).increment();
            }
        }
    }

    void acknowledged(int count) {
        inFlight.addAndGet(-count);
    }

    void writeFailed() {
        writeFailures.increment();
    }

    public int inFlight() {
        return inFlight.get();
    }

}
