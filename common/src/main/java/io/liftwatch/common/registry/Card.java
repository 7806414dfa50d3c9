package io.liftwatch.common.registry;

import java.time.LocalDate;

/** A household's card, valid from a day and until (exclusive) another, or open-ended. */
public record Card(String id, String householdId, LocalDate validFrom, LocalDate validTo) {
}
