package io.liftwatch.common.wire;

import java.math.BigDecimal;

/**
 * Cumulative counters since the controller was installed or last reset.
 *
 * @param runSeconds total running time in seconds
 * @param energyKwh  energy meter reading in kWh, at most three decimals
 */
public record CounterReport(Envelope envelope, long runs, long runSeconds, long doorCycles, long ropeBends,
                            BigDecimal energyKwh) implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.COUNTERS;
    }
}
