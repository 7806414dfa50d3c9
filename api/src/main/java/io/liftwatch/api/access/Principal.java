package io.liftwatch.api.access;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling: an account's role and what it covers — a maintenance company's or property manager's
 * organisation, a bureau's region (district code) — and the token it called with (null for the broker
 * and where access control is off), so a live stream can be closed when that token stops working; and the
 * language the account reads printed pages in ({@code zh-CN} or {@code en}; null where there is no account).
 */
public record Principal(String accountId, Role role, String organisation, String region, Long tokenId,
                        Instant expiresAt, String language) {

    public enum Role { ADMIN, MAINTENANCE, PROPERTY, BUREAU, CITY, BROKER }

    /** Where access control is off (the local demo, tests): everything, recorded as this account. */
    public static Principal unrestricted() {
        return new Principal("unrestricted", Role.ADMIN, null, null, null, null, null);
    }

    /** Whether this is the stand-in for an API without access control ({@link #unrestricted()}). */
    public boolean isUnrestricted() {
        return role == Role.ADMIN && tokenId == null && "unrestricted".equals(accountId);
    }

    static Principal broker() {
        return new Principal("broker", Role.BROKER, null, null, null, null, null);
    }

    /**
     * Whether an object whose lifts have these maintainers and use units, in this district, is within reach:
     * a company or manager must be responsible for every one of those lifts.
     */
    boolean covers(List<String> maintainers, List<String> useUnits, String district) {
        return switch (role) {
            case ADMIN -> true;
            case MAINTENANCE -> responsibleForAll(maintainers);
            case PROPERTY -> responsibleForAll(useUnits);
            case BUREAU -> region.equals(district);
            case CITY, BROKER -> false;
        };
    }

    private boolean responsibleForAll(List<String> organisations) {
        return !organisations.isEmpty() && organisations.stream().allMatch(organisation::equals);
    }

    /** The value a list filter must have for this account (its organisation or district), or null: any. */
    String ownFilterValue() {
        return role == Role.BUREAU ? region : organisation;
    }
}
