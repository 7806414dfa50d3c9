package io.liftwatch.simulator;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.config.MqttConfig;

/**
 * @param lifts              fleet size
 * @param seed               same seed, same fleet and same behaviour
 * @param speed              simulated seconds per real second (1 = real time)
 * @param ownConnectionsUpTo fleets up to this size get one MQTT connection (and Last Will) per lift
 * @param registryFile       where the fleet's registry is written as JSON, or null
 */
public record SimulatorConfig(MqttConfig mqtt, int lifts, long seed, double speed, int ownConnectionsUpTo,
                              String registryFile, Behaviour behaviour) {

    public SimulatorConfig {
        if (lifts < 1 || lifts > 1_000_000) {
            throw new IllegalArgumentException("LIFTWATCH_SIM_LIFTS must be 1..1000000, got " + lifts);
        }
        if (speed <= 0) {
            throw new IllegalArgumentException("LIFTWATCH_SIM_SPEED must be positive, got " + speed);
        }
    }

    public static SimulatorConfig from(Env env) {
        return new SimulatorConfig(MqttConfig.from(env),
                env.integer("LIFTWATCH_SIM_LIFTS", 50, 1, 1_000_000),
                env.integer("LIFTWATCH_SIM_SEED", 42, 0, Integer.MAX_VALUE),
                Double.parseDouble(env.string("LIFTWATCH_SIM_SPEED", "1")),
                env.integer("LIFTWATCH_SIM_OWN_CONNECTIONS_UP_TO", 500, 0, 100_000),
                env.string("LIFTWATCH_SIM_REGISTRY_FILE", null),
                Behaviour.realistic());
    }

    public SimulatorConfig withFleet(int size, double speedFactor) {
        return new SimulatorConfig(mqtt, size, seed, speedFactor, ownConnectionsUpTo, registryFile, behaviour);
    }

    public SimulatorConfig withBehaviour(Behaviour newBehaviour) {
        return new SimulatorConfig(mqtt, lifts, seed, speed, ownConnectionsUpTo, registryFile, newBehaviour);
    }
}
