package io.liftwatch.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Processor time a process has used, read from /proc (Linux); for benchmarks that report CPU per process. */
public final class ProcessCpu {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcessCpu() {
    }

    /** User plus system time of the process so far, in nanoseconds; -1 where /proc cannot tell. */
    public static long nanos(long pid) {
        return statNanos(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    /**
     * Time a JVM's JIT compiler threads have used so far, in nanoseconds; -1 where /proc cannot tell. A
     * benchmark warms a JVM up until this stops growing, so that compilation is not measured as the
     * service's steady cost.
     */
    public static long compilerNanos(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.filter(ProcessCpu::isCompilerThread).mapToLong(task -> statNanos(task.resolve("stat")))
                    .filter(nanos -> nanos >= 0).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isCompilerThread(Path task) {
        try {
            // HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1" …, cut to 15 characters.
            return Files.readString(task.resolve("comm")).strip().matches("C[12] CompilerThre.*");
        } catch (IOException e) {
            return false; // the thread ended
        }
    }

    private static long statNanos(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
