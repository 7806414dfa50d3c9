package io.liftwatch.simulator;

import io.liftwatch.common.config.Env;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a simulated fleet against LIFTWATCH_MQTT_URI (see LIFTWATCH_SIM_* variables).")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--lifts", description = "Fleet size (default LIFTWATCH_SIM_LIFTS or 50).")
    Integer lifts;

    @Option(names = "--speed", description = "Simulated seconds per real second (default LIFTWATCH_SIM_SPEED or 1).")
    Double speed;

    @Option(names = "--duplicates", defaultValue = "0", description = "After connecting, publish this many repeats.")
    int duplicates;

    @Option(names = "--bad", description = "After connecting, publish one message of every class ingest must refuse.")
    boolean bad;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = SimulatorConfig.from(Env.system());
        config = config.withFleet(lifts == null ? config.lifts() : lifts, speed == null ? config.speed() : speed);
        SimulatorMain.run(config, duplicates, bad);
        return 0;
    }
}
