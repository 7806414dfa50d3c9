package io.liftwatch.common.wire;

import io.liftwatch.common.taxonomy.ServiceMode;

/**
 * Real-time status, published on every change and as a heartbeat.
 *
 * @param direction   none, up or down
 * @param floor       a floor label of the lift, e.g. "B1", "1", "6"
 * @param power       mains, failure or battery
 * @param loadPercent car load in % of rated load, or null when the controller does not measure it
 * @param speed       car speed in m/s, or null when not measured
 */
public record StatusReport(Envelope envelope, ServiceMode mode, boolean moving, String direction, String floor,
                           boolean doorZone, boolean doorLocked, boolean passenger, String power,
                           boolean upLimit, boolean downLimit, Integer loadPercent, Double speed)
        implements LiftMessage {

    @Override
    public MessageKind kind() {
        return MessageKind.STATUS;
    }
}
