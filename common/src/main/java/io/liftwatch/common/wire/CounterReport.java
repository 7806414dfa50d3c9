package io.liftwatch.common.wire;

import java.math.BigDecimal;

/**
 * Cumulative counters since the controller was installed or last reset.
 *
 * @param runSeconds total running time in seconds
 * @param energyKwh  energy meter reading in kWh, at most three decimals; held with exactly three (Wh)
 */
public record CounterReport(Envelope envelope, long runs, long runSeconds, long doorCycles, long ropeBends,
                            BigDecimal energyKwh) implements LiftMessage {

    public CounterReport {
        energyKwh = energyKwh.setScale(3, java.math.RoundingMode.UNNECESSARY);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.COUNTERS;
    }
}
