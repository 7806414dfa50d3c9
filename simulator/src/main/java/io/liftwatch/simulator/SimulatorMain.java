package io.liftwatch.simulator;

import io.liftwatch.common.config.Env;

/** Runs a live simulated fleet configured from the environment; writes its registry file first if asked. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        run(SimulatorConfig.from(Env.system()), 0, false);
    }

    /**
     * Runs until the process stops. After connecting, optionally publishes {@code duplicates} repeats of
     * messages already sent and one message of every class ingest must refuse.
     */
    public static void run(SimulatorConfig config, int duplicates, boolean badMessages) throws Exception {
        Simulator simulator = new Simulator(config);
        simulator.writeRegistryFile();
        simulator.connect(System.currentTimeMillis());
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        if (duplicates > 0) {
            System.out.println("published " + simulator.injectDuplicates(duplicates) + " duplicates");
        }
        if (badMessages) {
            simulator.injectBadMessages("31103201162099129999", 4096).forEach(bad ->
                    System.out.println("published a bad message on " + bad.topic() + ", expect " + bad.expected().code()));
        }
        simulator.startLive(200);
        System.out.println("simulating " + config.lifts() + " lifts at " + config.speed() + "x against "
                + config.mqtt().serverUri());
        Thread.currentThread().join();
    }
}
