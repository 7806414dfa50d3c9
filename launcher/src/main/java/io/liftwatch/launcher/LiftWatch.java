package io.liftwatch.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command: {@code liftwatch demo | run | simulate | bench | devices}. */
@Command(name = "liftwatch", mixinStandardHelpOptions = true, version = "LiftWatch 0.1.0",
        description = "Monitoring, alarms and metering for retrofit lifts.",
        subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, BenchCommand.class,
                DevicesCommand.class, AuditCommand.class, AccountsCommand.class, DbCommand.class})
public final class LiftWatch implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LiftWatch()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
