package io.liftwatch.common.taxonomy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An enum's constants found by one of their codes (a wire name, a GB/T number, a topic suffix), from a map
 * built once when the enum is, so a lookup per message costs no scan and no copy of {@code values()}.
 */
public final class Codes<K, E extends Enum<E>> {
    private final Map<K, E> byCode;

    private Codes(Map<K, E> byCode) {
        this.byCode = byCode;
    }

    /** A constant whose code is null has none and is never found. */
    public static <K, E extends Enum<E>> Codes<K, E> of(E[] constants, Function<E, K> code) {
        Map<K, E> byCode = new HashMap<>();
        for (E constant : constants) {
            K key = code.apply(constant);
            if (key != null) {
                byCode.put(key, constant);
            }
        }
        return new Codes<>(byCode);
    }

    public Optional<E> find(K code) {
        return Optional.ofNullable(byCode.get(code));
    }
}
