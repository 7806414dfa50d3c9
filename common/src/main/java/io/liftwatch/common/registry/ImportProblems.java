package io.liftwatch.common.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every bad entry of an import file, so a preview names them all at once instead of one per attempt. Each
 * entry is reported with its first bad field (an entry's later fields may depend on that one). Only the
 * first {@link #CAP} are kept — a file that is wrong throughout (wrong columns, wrong kind of file) would
 * otherwise answer with a problem per line — but all are counted.
 */
public final class ImportProblems {
    /** The most problems kept and shown. */
    public static final int CAP = 1000;

    /**
     * One bad entry: its line in a CSV file (or null), the entry ({@code lifts[2]}, {@code line 3}), the field
     * (a CSV column or a JSON field; null for the entry as a whole) and what is wrong: its {@code code} and
     * {@code params} for a reader's language, its {@code reason} in English.
     */
    public record Problem(Integer line, String entry, String field, ImportReason why) {
        public JsonObject toJson() {
            return new JsonObject().put("line", line).put("entry", entry).put("field", field).put("reason", reason())
                    .put("code", why.code()).put("params", why.paramsJson());
        }

        /** What is wrong, in English. */
        public String reason() {
            return why.text();
        }

        /** The problem in one sentence, as the first of them is given in an answer's {@code detail}. */
        public String sentence() {
            return entry + (field == null ? "" : "." + field) + " " + reason();
        }
    }

    /** Where an entry read without problems came from, for a problem found later (a reference that names nothing). */
    private record Place(Integer line, String entry) {
    }

    private final List<Problem> kept = new ArrayList<>();
    private final Map<Object, Place> places = new IdentityHashMap<>();
    private final boolean csv;
    private int total;

    private ImportProblems(boolean csv) {
        this.csv = csv;
    }

    /** Problems of a JSON document, named by entry ({@code lifts[2]}) and JSON field. */
    public static ImportProblems ofJson() {
        return new ImportProblems(false);
    }

    /** Problems of a CSV file, named by line and column ({@code rated_load_kg}). */
    public static ImportProblems ofCsv() {
        return new ImportProblems(true);
    }

    public void add(Problem problem) {
        total++;
        if (kept.size() < CAP) {
            kept.add(problem);
        }
    }

    /** Records a refused entry: its line in a CSV file (or null) and what the decoder said. */
    public void add(Integer line, RegistryFormatException e) {
        add(new Problem(line, e.where(), name(e.field()), e.reason()));
    }

    /** Notes where an entry that was read came from. */
    public void locate(Object item, Integer line, String entry) {
        places.put(item, new Place(line, entry));
    }

    /** Records a problem found in an entry after it was read, at the place {@link #locate} noted. */
    public void add(Object item, String field, ImportReason reason) {
        Place place = places.getOrDefault(item, new Place(null, String.valueOf(item)));
        add(new Problem(place.line(), place.entry(), name(field), reason));
    }

    /**
     * A field as the file names it: in CSV its column ({@code ratedLoadKg} → {@code rated_load_kg},
     * {@code floorLabels[2]} → {@code floor_labels}).
     */
    private String name(String field) {
        if (field == null || !csv) {
            return field;
        }
        String name = field.replaceFirst("\\[\\d+]$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** How many were found, kept or not. */
    public int total() {
        return total;
    }

    /** The kept problems, a CSV file's in line order. */
    public List<Problem> kept() {
        return kept.stream().sorted(Comparator.comparing(Problem::line, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    /** {@code problems} (the kept ones), {@code problemCount} (all) and {@code problemsTruncated}. */
    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        kept().forEach(p -> items.add(p.toJson()));
        return new JsonObject().put("problems", items).put("problemCount", total).put("problemsTruncated", total > kept.size());
    }

    /** "3 entries have problems; the first: line 3.rated_load_kg must be a whole number". */
    public String summary() {
        String first = kept.isEmpty() ? "" : kept().get(0).sentence();
        return total == 1 ? first : total + " entries have problems; the first: " + first;
    }
}
