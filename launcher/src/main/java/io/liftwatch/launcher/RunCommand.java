package io.liftwatch.launcher;

import io.liftwatch.common.config.Env;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run services against the configured database and broker (LIFTWATCH_* variables).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--roles", split = ",", defaultValue = "ingest,alerts,api",
            description = "Roles to run in this process: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    List<String> roles;

    @Override
    public Integer call() throws Exception {
        List<String> refusals = StartChecks.refusals(new LinkedHashSet<>(roles), Env.system());
        if (!refusals.isEmpty()) {
            System.err.println("liftwatch run: refusing to start:");
            refusals.forEach(refusal -> System.err.println("  - " + refusal));
            return 2;
        }
        Services services = new Services();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                services.close();
            } catch (Exception e) {
                System.err.println("shutdown: " + e.getMessage());
            }
        }));
        services.start(new LinkedHashSet<>(roles), Env.system());
        System.out.println("LiftWatch running: " + roles);
        Thread.currentThread().join();
        return 0;
    }
}
