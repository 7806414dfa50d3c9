package io.liftwatch.bench;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figures beside a baseline measured in the same run.",
        subcommands = {IngestBenchmark.class, MqttClientsBenchmark.class, AlarmBenchmark.class, BillingBenchmark.class,
            HistoryBenchmark.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
