package io.liftwatch.common.registry;

/**
 * A stairwell (单元) and where it is: district area code (GB/T 2260) → street → community → grid cell.
 */
public record Stairwell(String id, String address, String districtCode, String street, String community,
                        String gridCell, String building, String unit) {
}
