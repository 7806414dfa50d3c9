package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.simulator.Flood;

/**
 * A steady flood at a stated rate in a process of its own, for benchmarks that time something else while
 * the fleet talks: the measuring process then pays nothing for the load, neither its cores nor its
 * collector's pauses, as in the field where each lift publishes from its own controller.
 * <p>
 * Arguments: broker URI, fleet size and plan seed (as {@link FleetPlan#generate}), the first and the end
 * (exclusive) index of the lifts that talk, messages per second. Prints one line once connected and runs
 * until stopped; any refusal or connection loss ends it with a non-zero status.
 */
public final class LoadMain {
    public static final String RUNNING = "load running";

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LoadMain <broker-uri> <lifts> <seed> <from> <to> <msg/s>");
            System.exit(2);
        }
        Registry fleet = FleetPlan.generate(Integer.parseInt(args[1]), Long.parseLong(args[2]));
        Flood flood = new Flood(fleet.lifts().subList(Integer.parseInt(args[3]), Integer.parseInt(args[4])), 1,
                System::currentTimeMillis);
        double rate = Double.parseDouble(args[5]);
        try (LoadPublisher load = LoadPublisher.connect(new MqttConfig(args[0], null, null), "load", 4, 1000)) {
            System.out.println(RUNNING);
            long start = System.nanoTime();
            for (long i = 0; ; i++) {
                load.awaitTurn(start, i, rate);
                load.publish(flood.nextLift(), flood::next);
            }
        }
    }
}
