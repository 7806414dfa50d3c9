package io.liftwatch.alerts;

/**
 * The share of the fleet one alerts instance owns when several run: lift {@code l} belongs to instance
 * {@code hash(l) mod count}. Every instance hears every lift and evaluates only its own, so each lift
 * keeps exactly one owner evaluating its messages in order. Rule state lives in the database (open
 * alarms, rescues, visits, latest states), so changing the partitioning is a restart of every instance
 * with the new setting: each seeds the lifts it now owns.
 *
 * @param index this instance, 0 ≤ index < count
 */
public record Partition(int index, int count) {

    public Partition {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("LIFTWATCH_ALERTS_PARTITION must be index/count with 0 <= index < count,"
                    + " e.g. 0/2 and 1/2 for two instances; got " + index + "/" + count);
        }
    }

    public static Partition whole() {
        return new Partition(0, 1);
    }

    /**
     * Parses {@code "1/3"}, or {@code "ordinal/3"}: the index is then the number ending the host name, as
     * a Kubernetes StatefulSet names its pods ({@code alerts-0}, {@code alerts-1} …).
     */
    public static Partition parse(String text, String hostname) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2 && parts[0].trim().equals("ordinal")) {
                return new Partition(Integer.parseInt(hostname.substring(hostname.lastIndexOf('-') + 1)),
                        Integer.parseInt(parts[1].trim()));
            }
            if (parts.length == 2) {
                return new Partition(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("LIFTWATCH_ALERTS_PARTITION must look like 0/2 (or ordinal/2 with a host"
                + " name ending in -0, -1 …), got '" + text + "' on host '" + hostname + "'");
    }

    /** String.hashCode is specified by the language, so every instance and version agrees on the owner. */
    public boolean owns(String liftId) {
        return count == 1 || Math.floorMod(liftId.hashCode(), count) == index;
    }
}
