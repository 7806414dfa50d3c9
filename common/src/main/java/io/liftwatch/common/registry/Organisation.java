package io.liftwatch.common.registry;

/** A maintenance company, a property manager (use unit) or a bureau. */
public record Organisation(String id, String name, String kind, String phone) {
}
