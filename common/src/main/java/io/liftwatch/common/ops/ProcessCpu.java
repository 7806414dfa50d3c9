package io.liftwatch.common.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Processor time a process has used, read from /proc (Linux); for benchmarks that report CPU per process. */
public final class ProcessCpu {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcessCpu() {
    }

    /** User plus system time of the process so far, in nanoseconds; -1 where /proc cannot tell. */
    public static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
