package io.liftwatch.common.registry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A registered lift, keyed by its 20-digit registration code.
 *
 * @param floorLabels the stops bottom to top as shown in the car, e.g. ["1", "2", ..., "7"]
 * @param useUnitId   the property manager that is the lift's registered use unit
 */
public record Lift(String id, String stairwellId, String emergencyId, String useCertNo, String model,
                   List<String> floorLabels, Integer ratedLoadKg, BigDecimal ratedSpeedMs,
                   String maintainerId, String useUnitId, LocalDate serviceStart) {

    public Lift {
        floorLabels = List.copyOf(floorLabels);
        ratedSpeedMs = Decimals.normalize(ratedSpeedMs);
    }

}
