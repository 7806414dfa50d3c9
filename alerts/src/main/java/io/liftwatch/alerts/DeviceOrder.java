package io.liftwatch.alerts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was applied in device order, per key (a lift's status, a lift's alarm of a type): the last message,
 * and the highest {@code seq} of each of the key's recent boots. Order holds only within a boot. A boot is
 * one power-up of the controller and its number can go down (the clock reset by a power cut, new firmware,
 * a replaced board), so a message of another boot is not older: it is applied in arrival order. The recent
 * boots are kept so that a message redelivered from before the controller restarted is still recognised.
 */
final class DeviceOrder<K> {
    /** Boots remembered per key; a controller restarting more often than this between messages is not plausible. */
    private static final int BOOTS_KEPT = 4;

    private static final class Seen {
        /** Boot to the highest seq applied in it, least recently applied first. */
        final LinkedHashMap<Long, Long> highest = new LinkedHashMap<>();
        AlarmChange.Order last;
    }

    private final Map<K, Seen> seen = new HashMap<>();

    /** The last message applied for the key, or null. */
    AlarmChange.Order last(K key) {
        Seen known = seen.get(key);
        return known == null ? null : known.last;
    }

    /**
     * The message of the same boot applied before that {@code order} does not come after (so it is a
     * redelivery, a duplicate or a late message), or null when it is new.
     */
    AlarmChange.Order stale(K key, AlarmChange.Order order) {
        Seen known = seen.get(key);
        Long highest = known == null ? null : known.highest.get(order.boot());
        return highest != null && order.seq() <= highest ? new AlarmChange.Order(order.boot(), highest) : null;
    }

    /** Records {@code order} as applied (callers have checked it is not {@link #stale}); returns the last before it. */
    AlarmChange.Order apply(K key, AlarmChange.Order order) {
        Seen known = seen.computeIfAbsent(key, k -> new Seen());
        AlarmChange.Order before = known.last;
        Long highest = known.highest.remove(order.boot());
        known.highest.put(order.boot(), highest == null ? order.seq() : Math.max(highest, order.seq()));
        if (known.highest.size() > BOOTS_KEPT) {
            known.highest.remove(known.highest.keySet().iterator().next());
        }
        known.last = order;
        return before;
    }

    /** How a change of boot reads in an event's detail: only a boot that went down is worth saying. */
    static String bootChange(AlarmChange.Order before, AlarmChange.Order now) {
        return before != null && now.boot() < before.boot()
                ? "boot went down from " + before.boot() + " to " + now.boot() + ", taken as a new power-up" : null;
    }
}
