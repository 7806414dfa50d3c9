package io.liftwatch.api.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stairwell's households share for a period: its costs less its income. An item whose own period
 * reaches beyond the statement's enters with the part of it that falls in the statement's days
 * ({@link Proration}); metered electricity is the kWh counted in those days times the tariff, rounded half
 * up to the fen. When income exceeds the costs there is nothing to share and the surplus is shown.
 */
public record Pool(List<Item> items, long costsFen, long incomeFen) {
    private static final Set<String> INCOME = Set.of("advertising", "subsidy");

    /**
     * One cost or income as it entered the pool: the item's whole period and amount as recorded, and the
     * part of it billed here, {@code fen} for the days [partFrom, partTo). {@code amountFen} is null and
     * {@code kwh} and {@code tariff} are set only for metered electricity.
     */
    public record Item(long id, String kind, LocalDate from, LocalDate to, Long amountFen, LocalDate partFrom,
                       LocalDate partTo, long fen, BigDecimal kwh, BigDecimal tariffFenPerKwh, String note) {
        boolean income() {
            return INCOME.contains(kind);
        }
    }

    /** A cost item as recorded: either an amount or an electricity tariff. */
    public record Recorded(long id, String kind, LocalDate from, LocalDate to, Long amountFen,
                           BigDecimal tariffFenPerKwh, String note) {
    }

    /**
     * The pool of the statement period [from, to) from the items recorded for it; items that do not
     * overlap the period are left out.
     */
    public static Pool of(List<Recorded> recorded, Map<LocalDate, BigDecimal> kwhPerDay, LocalDate from,
                          LocalDate to) {
        long costs = 0;
        long income = 0;
        List<Item> items = new java.util.ArrayList<>();
        for (Recorded r : recorded) {
            Proration.Days part = Proration.overlap(r.from(), r.to(), from, to);
            if (part == null) {
                continue;
            }
            Item item;
            if (r.amountFen() != null) {
                long fen = Proration.part(r.amountFen(), r.from(), r.to(), from, to);
                item = new Item(r.id(), r.kind(), r.from(), r.to(), r.amountFen(), part.from(), part.to(), fen,
                        null, null, r.note());
            } else {
                BigDecimal kwh = kwhPerDay.entrySet().stream()
                        .filter(day -> !day.getKey().isBefore(part.from()) && day.getKey().isBefore(part.to()))
                        .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
                long fen = kwh.multiply(r.tariffFenPerKwh()).setScale(0, RoundingMode.HALF_UP).longValueExact();
                item = new Item(r.id(), r.kind(), r.from(), r.to(), null, part.from(), part.to(), fen, kwh,
                        r.tariffFenPerKwh(), r.note());
            }
            items.add(item);
            if (item.income()) {
                income = Math.addExact(income, item.fen());
            } else {
                costs = Math.addExact(costs, item.fen());
            }
        }
        return new Pool(List.copyOf(items), costs, income);
    }

    /** What the households share: never negative. */
    public long poolFen() {
        return Math.max(0, costsFen - incomeFen);
    }

    public long surplusFen() {
        return Math.max(0, incomeFen - costsFen);
    }

    public JsonObject toJson() {
        JsonArray lines = new JsonArray();
        for (Item item : items) {
            JsonObject line = new JsonObject().put("costItemId", item.id()).put("kind", item.kind())
                    .put("periodFrom", item.from().toString()).put("periodTo", item.to().toString())
                    .put("amountFen", item.amountFen()).put("partFrom", item.partFrom().toString())
                    .put("partTo", item.partTo().toString()).put("income", item.income()).put("fen", item.fen())
                    .put("note", item.note());
            if (item.kwh() != null) {
                line.put("kwh", item.kwh()).put("tariffFenPerKwh", item.tariffFenPerKwh());
            }
            lines.add(line);
        }
        return new JsonObject().put("items", lines).put("costsFen", costsFen).put("incomeFen", incomeFen)
                .put("poolFen", poolFen()).put("surplusFen", surplusFen());
    }
}
