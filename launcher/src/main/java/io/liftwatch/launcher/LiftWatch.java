package io.liftwatch.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * The one command: {@code liftwatch run | devices | audit | accounts | db}, the production jar's. The
 * developers' build (module {@code all}) adds {@code demo}, {@code simulate} and {@code bench}: they are
 * offered when their classes are on the class path, so the production jar carries none of them.
 */
@Command(name = "liftwatch", mixinStandardHelpOptions = true, version = "LiftWatch 0.1.0",
        description = "Monitoring, alarms and metering for retrofit lifts.",
        subcommands = {RunCommand.class, DevicesCommand.class, AuditCommand.class, AccountsCommand.class,
                DbCommand.class})
public final class LiftWatch implements Runnable {
    private static final List<String> OPTIONAL_COMMANDS = List.of(
            "io.liftwatch.demo.DemoCommand", "io.liftwatch.simulator.SimulateCommand", "io.liftwatch.bench.BenchCommand");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new LiftWatch());
        for (String name : OPTIONAL_COMMANDS) {
            try {
                line.addSubcommand(Class.forName(name));
            } catch (ClassNotFoundException notInThisBuild) {
                // the production jar: no demo, simulator or benchmarks
            }
        }
        return line;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
