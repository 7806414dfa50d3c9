package io.liftwatch.simulator;

import io.liftwatch.common.wire.LiftMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator published and what the broker acknowledged (PUBACK), message by message. Tests
 * compare the database against the acknowledged part: everything the broker acknowledged must arrive.
 */
public final class Ledger {
    /** A message's identity: the idempotency key ingest writes under. */
    public record Key(String liftId, long boot, long seq) {
        public static Key of(LiftMessage message) {
            return new Key(message.liftId(), message.envelope().boot(), message.envelope().seq());
        }
    }

    private final boolean keepMessages;
    private final ConcurrentMap<Key, LiftMessage> published = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, LiftMessage> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong publishAttempts = new AtomicLong();

    public Ledger() {
        this(true);
    }

    private Ledger(boolean keepMessages) {
        this.keepMessages = keepMessages;
    }

    /** A ledger that only counts, for load generation where keeping every message would skew the measurement. */
    public static Ledger countingOnly() {
        return new Ledger(false);
    }

    void published(LiftMessage message) {
        publishAttempts.incrementAndGet();
        if (keepMessages) {
            published.put(Key.of(message), message);
        }
    }

    void acknowledged(LiftMessage message) {
        if (keepMessages) {
            acknowledged.put(Key.of(message), message);
        }
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Publishes including repeats (injected duplicates and retries). */
    public long publishAttempts() {
        return publishAttempts.get();
    }

    public List<LiftMessage> acknowledgedMessages() {
        return new ArrayList<>(acknowledged.values());
    }

    public List<LiftMessage> publishedMessages() {
        return new ArrayList<>(published.values());
    }
}
