package io.liftwatch.common.registry;

import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with an entry's field: a stable {@code code} with its {@code params}, which the console words in
 * the reader's language, and {@code text}, the same in English, which the API has always answered as
 * {@code reason}.
 */
public record ImportReason(String code, Map<String, Object> params, String text) {
    public ImportReason {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    private static ImportReason of(String code, String text, Object... params) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            named.put((String) params[i], params[i + 1]);
        }
        return new ImportReason(code, named, text);
    }

    public JsonObject paramsJson() {
        return new JsonObject(new LinkedHashMap<>(params));
    }

    public static ImportReason missing() {
        return of("missing", "is missing");
    }

    public static ImportReason notText() {
        return of("not_text", "must be a non-empty string");
    }

    public static ImportReason notWholeNumber() {
        return of("not_whole_number", "must be a whole number");
    }

    public static ImportReason notANumber() {
        return of("not_a_number", "must be a number");
    }

    public static ImportReason notADate() {
        return of("not_a_date", "must be a date like 2024-05-01", "example", "2024-05-01");
    }

    public static ImportReason notAnArray() {
        return of("not_an_array", "must be an array");
    }

    public static ImportReason notAnObject() {
        return of("not_an_object", "must be an object");
    }

    public static ImportReason notOneOf(List<String> allowed) {
        return of("not_one_of", "must be one of " + allowed, "allowed", String.join(", ", allowed));
    }

    public static ImportReason notAreaCode() {
        return of("not_area_code", "must be a 6-digit GB/T 2260 area code");
    }

    public static ImportReason tooFewStops() {
        return of("too_few_stops", "must list at least two stops", "min", 2);
    }

    public static ImportReason badFloorLabel() {
        return of("bad_floor_label", "must be a distinct label of 1..8 characters", "min", 1, "max", 8);
    }

    public static ImportReason negative() {
        return of("negative", "must not be negative");
    }

    public static ImportReason notPositive() {
        return of("not_positive", "must be positive");
    }

    public static ImportReason endsBeforeStart(String start) {
        return of("ends_before_start", "must be after " + start, "start", start);
    }

    /** A stairwell that two lines of a lifts file describe differently. */
    public static ImportReason stairwellDiffers(String stairwell) {
        return of("stairwell_differs", "describes stairwell " + stairwell + " differently from an earlier line", "value", stairwell);
    }

    public static ImportReason fieldCount(int count, int expected) {
        return of("field_count", "has " + count + " fields, the header " + expected, "count", count, "expected", expected);
    }

    /** A reference to an entry ({@code what}: stairwell, organisation, household) that is neither in the file nor registered. */
    public static ImportReason unknown(String what, String id) {
        return of("unknown_" + what, "names " + what + " '" + id + "', which is neither in the file nor registered", "value", id);
    }

    /** A lift id that is not a registration code, named by {@link RegistrationCode#reason}. */
    static ImportReason registrationCode(String code, String text, Object... params) {
        return of(code, text, params);
    }
}
