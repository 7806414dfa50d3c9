package io.liftwatch.api.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What was recorded but no statement in force has billed yet: per cost item, the days of its period no
 * current statement's part covers, with their amount. An item recorded after its period was stated shows
 * here until that statement is corrected; a yearly premium shows the months still to come.
 */
public final class Unbilled {

    /** A part of an item billed by a statement still in force. */
    public record Billed(long costItemId, LocalDate from, LocalDate to, Long fen, long statementId) {
    }

    /** The days [from, to) of an item not yet billed; {@code fen} null for metered electricity. */
    public record Gap(LocalDate from, LocalDate to, Long fen) {
    }

    /**
     * An item with its gaps; {@code unbilledFen} is the amount of the gaps (null if metered): with no
     * {@code until}, the item's amount less its billed parts, to the fen.
     */
    public record Item(Pool.Recorded item, long billedFen, Long unbilledFen, List<Gap> gaps) {
    }

    private Unbilled() {
    }

    /**
     * The items with days not yet billed before {@code until} (all their days when null), in the order
     * given.
     */
    public static List<Item> of(List<Pool.Recorded> items, Map<Long, List<Billed>> billedByItem, LocalDate until) {
        List<Item> open = new ArrayList<>();
        for (Pool.Recorded item : items) {
            List<Billed> billed = billedByItem.getOrDefault(item.id(), List.of());
            LocalDate end = until == null || until.isAfter(item.to()) ? item.to() : until;
            if (!end.isAfter(item.from())) {
                continue;
            }
            List<Proration.Days> covered = billed.stream().map(b -> new Proration.Days(b.from(), b.to())).toList();
            List<Gap> gaps = new ArrayList<>();
            for (Proration.Days gap : Proration.uncovered(item.from(), end, covered)) {
                gaps.add(new Gap(gap.from(), gap.to(), item.amountFen() == null ? null
                        : Proration.part(item.amountFen(), item.from(), item.to(), gap.from(), gap.to())));
            }
            if (gaps.isEmpty()) {
                continue;
            }
            long billedFen = billed.stream().mapToLong(b -> b.fen() == null ? 0 : b.fen()).sum();
            Long unbilledFen = item.amountFen() == null ? null : gaps.stream().mapToLong(Gap::fen).sum();
            open.add(new Item(item, billedFen, unbilledFen, List.copyOf(gaps)));
        }
        return open;
    }

    public static JsonObject toJson(Item open) {
        JsonArray gaps = new JsonArray();
        for (Gap gap : open.gaps()) {
            gaps.add(new JsonObject().put("from", gap.from().toString()).put("to", gap.to().toString())
                    .put("fen", gap.fen()));
        }
        Pool.Recorded item = open.item();
        return new JsonObject().put("costItemId", item.id()).put("kind", item.kind())
                .put("periodFrom", item.from().toString()).put("periodTo", item.to().toString())
                .put("amountFen", item.amountFen()).put("tariffFenPerKwh", item.tariffFenPerKwh())
                .put("note", item.note()).put("billedFen", open.billedFen()).put("unbilledFen", open.unbilledFen())
                .put("unbilled", gaps);
    }
}
