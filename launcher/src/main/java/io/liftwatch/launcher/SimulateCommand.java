package io.liftwatch.launcher;

import io.liftwatch.simulator.SimulatorMain;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "simulate", description = "Run a simulated fleet against LIFTWATCH_MQTT_URI (see LIFTWATCH_SIM_* variables).")
final class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        SimulatorMain.main(new String[0]);
        return 0;
    }
}
