package io.liftwatch.ingest;

import io.liftwatch.common.wire.MessageKind;

import java.util.EnumMap;
import java.util.Map;

/** What one batch did: rows written per kind, redeliveries that changed nothing, refusals kept, counter resets. */
public record WriteResult(Map<MessageKind, Integer> written, int duplicates, int deadLetters, int counterResets) {

    public WriteResult {
        written = Map.copyOf(written);
    }

    static Map<MessageKind, Integer> emptyCounts() {
        return new EnumMap<>(MessageKind.class);
    }
}
