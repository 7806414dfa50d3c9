package io.liftwatch.api.access;

/**
 * Who is calling: an account's role and what it covers — a maintenance company's or property manager's
 * organisation, a bureau's region (district code).
 */
public record Principal(String accountId, Role role, String organisation, String region) {

    public enum Role { ADMIN, MAINTENANCE, PROPERTY, BUREAU, CITY, BROKER }

    /** Where access control is off (the local demo, tests): everything, recorded as this account. */
    public static Principal unrestricted() {
        return new Principal("unrestricted", Role.ADMIN, null, null);
    }

    /** Whether an object whose lifts have these maintainers, use units and district is within reach. */
    boolean covers(java.util.List<String> maintainers, java.util.List<String> useUnits, String district) {
        return switch (role) {
            case ADMIN -> true;
            case MAINTENANCE -> maintainers.contains(organisation);
            case PROPERTY -> useUnits.contains(organisation);
            case BUREAU -> region.equals(district);
            case CITY, BROKER -> false;
        };
    }
}
