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

    /** An id that breaks {@link Ids}' rule. */
    public static ImportReason badId() {
        return of("bad_id", "must be 1 to " + Ids.LONGEST + " letters, digits or - _ . : starting with a letter or digit"
                + " (no slash, space or control character)", "max", Ids.LONGEST);
    }

    /** A whole number or decimal outside the range the registry keeps. */
    public static ImportReason outOfRange(Object min, Object max) {
        return of("out_of_range", "must be from " + min + " to " + max, "min", String.valueOf(min), "max", String.valueOf(max));
    }

    /** A decimal with more places than the registry keeps. */
    public static ImportReason tooManyDecimals(int places) {
        return of("too_many_decimals", "must have at most " + places + " decimal places", "max", places);
    }

    /** A date outside the years the registry takes. */
    public static ImportReason dateOutOfRange(String earliest, String latest) {
        return of("date_out_of_range", "must lie between " + earliest + " and " + latest, "min", earliest, "max", latest);
    }

    /** Too many stops for one lift. */
    public static ImportReason tooManyStops(int max) {
        return of("too_many_stops", "must list at most " + max + " stops", "max", max);
    }

    /** A text field longer than the registry takes. */
    public static ImportReason tooLong(int max) {
        return of("too_long", "must have at most " + max + " characters", "max", max);
    }

    /** An organisation named in a role ({@code what}: maintenance, property) that is of another kind. */
    public static ImportReason wrongKind(String id, String kind, String expected) {
        return of("wrong_kind", "names organisation '" + id + "', a " + kind + " organisation, where a " + expected
                + " one is needed", "value", id, "kind", kind, "expected", expected);
    }

    /** An organisation whose kind would change while lifts or accounts name it in its present role. */
    public static ImportReason kindInUse(String id, String kind, long uses) {
        return of("kind_in_use", "cannot change: organisation '" + id + "' is named as a " + kind + " organisation by "
                + uses + " lifts or accounts", "value", id, "kind", kind, "count", uses);
    }

    /** A household moved to another stairwell while statement lines or fund entries of its stairwell name it. */
    public static ImportReason householdBilled(String id, String stairwell, long records) {
        return of("household_billed", "cannot change: household '" + id + "' is named by " + records
                + " statement lines and fund entries of stairwell " + stairwell, "value", id, "stairwell", stairwell,
                "count", records);
    }

    /** A household floor that no lift of its stairwell serves. */
    public static ImportReason floorNotServed(String floor, String stairwell, String served) {
        return of("floor_not_served", "is floor '" + floor + "', which no lift of stairwell " + stairwell + " serves ("
                + served + ")", "value", floor, "stairwell", stairwell, "served", served);
    }

    /** A lift whose stops would leave a registered household's floor served by no lift of its stairwell. */
    public static ImportReason floorLeftUnserved(String floor, String household) {
        return of("floor_left_unserved", "leaves floor '" + floor + "' of household '" + household
                + "' served by no lift of its stairwell", "value", floor, "household", household);
    }

    /** An id the same file gives twice. */
    public static ImportReason duplicateId(String id) {
        return of("duplicate_id", "repeats id '" + id + "', given earlier in the file", "value", id);
    }

    /** A flat of a stairwell that another household already has. */
    public static ImportReason flatTaken(String flat, String stairwell, String household) {
        return of("flat_taken", "is flat '" + flat + "' of stairwell " + stairwell + ", which household '" + household
                + "' already has", "value", flat, "stairwell", stairwell, "household", household);
    }

    /** A lift id that is not a registration code, named by {@link RegistrationCode#reason}. */
    static ImportReason registrationCode(String code, String text, Object... params) {
        return of(code, text, params);
    }
}
