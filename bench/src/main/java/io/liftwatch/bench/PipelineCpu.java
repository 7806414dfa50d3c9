package io.liftwatch.bench;

import io.liftwatch.harness.ProcessCpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a phase's processor time went besides the consumer: the load source (this JVM), the PostgreSQL
 * backends serving the benchmark's database, and the whole machine (its busy share of all cores, which
 * counts other work on a shared machine too). On two cores a phase can be limited by the machine while
 * no single process is.
 */
final class PipelineCpu {
    private final String database;
    private final long self = ProcessHandle.current().pid();
    private long publisher;
    private long postgres;
    private long[] machine;
    private long wall;

    /** {@code database}: the name PostgreSQL shows in its backends' titles, or null for none. */
    PipelineCpu(String database) {
        this.database = database;
    }

    void start() throws IOException {
        publisher = ProcessCpu.nanos(self);
        postgres = postgresNanos();
        machine = machineTicks();
        wall = System.nanoTime();
    }

    /** "load source 0.52 cores, PostgreSQL 0.31 cores, machine 97 % busy" over the time since {@link #start}. */
    String summary() throws IOException {
        double seconds = (System.nanoTime() - wall) / 1e9;
        long[] now = machineTicks();
        double busy = 1 - (now[1] - machine[1]) / (double) Math.max(1, now[0] - machine[0]);
        return String.format("load source %.2f cores, %smachine %.0f %% busy", (ProcessCpu.nanos(self) - publisher) / 1e9 / seconds,
                database == null ? "" : String.format("PostgreSQL %.2f cores, ", (postgresNanos() - postgres) / 1e9 / seconds),
                busy * 100);
    }

    /** CPU of the backends whose title names the database; a backend that ended in between is missed. */
    private long postgresNanos() throws IOException {
        if (database == null) {
            return 0;
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> title(p).startsWith("postgres: ") && title(p).contains(" " + database + " "))
                    .mapToLong(p -> ProcessCpu.nanos(Long.parseLong(p.getFileName().toString())))
                    .filter(nanos -> nanos >= 0).sum();
        }
    }

    private static String title(Path process) {
        try {
            return Files.readString(process.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** All ticks and idle ticks (idle plus iowait) of every core so far, from /proc/stat. */
    private static long[] machineTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            total += Long.parseLong(fields[i]);
        }
        return new long[]{total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }
}
