package io.liftwatch.common.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

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
     * (a CSV column or a JSON field; null for the entry as a whole) and what is wrong.
     */
    public record Problem(Integer line, String entry, String field, String reason) {
        public JsonObject toJson() {
            return new JsonObject().put("line", line).put("entry", entry).put("field", field).put("reason", reason);
        }

        /** The problem in one sentence, as the first of them is given in an answer's {@code detail}. */
        public String sentence() {
            return entry + (field == null ? "" : "." + field) + " " + reason;
        }
    }

    private final List<Problem> kept = new ArrayList<>();
    private int total;

    public void add(Problem problem) {
        total++;
        if (kept.size() < CAP) {
            kept.add(problem);
        }
    }

    /** Records a refused entry of a JSON document. */
    public void add(RegistryFormatException e) {
        add(new Problem(null, e.where(), e.field(), e.reason()));
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** How many were found, kept or not. */
    public int total() {
        return total;
    }

    public List<Problem> kept() {
        return List.copyOf(kept);
    }

    /** {@code problems} (the kept ones), {@code problemCount} (all) and {@code problemsTruncated}. */
    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        kept.forEach(p -> items.add(p.toJson()));
        return new JsonObject().put("problems", items).put("problemCount", total).put("problemsTruncated", total > kept.size());
    }

    /** "3 entries have problems; the first: line 3.rated_load_kg must be a whole number". */
    public String summary() {
        String first = kept.isEmpty() ? "" : kept.get(0).sentence();
        return total == 1 ? first : total + " entries have problems; the first: " + first;
    }
}
