package io.liftwatch.ingest;

import io.liftwatch.common.wire.MessageKind;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one batch did: rows written per kind, redeliveries that changed nothing, refusals kept, counter
 * resets, and status reports that repeated the lift's previous status (accepted, reflected in
 * {@code lift_state}, no row of their own).
 */
public record WriteResult(Map<MessageKind, Integer> written, int duplicates, int deadLetters, int counterResets,
                          int repeatedStatuses) {

    public WriteResult {
        written = Map.copyOf(written);
    }

    static Map<MessageKind, Integer> emptyCounts() {
        return new EnumMap<>(MessageKind.class);
    }
}
