package io.liftwatch.simulator;

import io.liftwatch.common.config.Env;
import io.liftwatch.common.registry.RegistryJson;

import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a live simulated fleet configured from the environment; writes its registry file first if asked. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorConfig config = SimulatorConfig.from(Env.system());
        Simulator simulator = new Simulator(config);
        if (config.registryFile() != null) {
            Files.writeString(Path.of(config.registryFile()), RegistryJson.toJson(simulator.registry()).encodePrettily());
            System.out.println("registry of " + config.lifts() + " lifts written to " + config.registryFile());
        }
        simulator.connect(System.currentTimeMillis());
        simulator.startLive(200);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        System.out.println("simulating " + config.lifts() + " lifts at " + config.speed() + "x against "
                + config.mqtt().serverUri());
        Thread.currentThread().join();
    }
}
