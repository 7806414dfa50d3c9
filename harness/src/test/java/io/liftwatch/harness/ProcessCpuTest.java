package io.liftwatch.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void compilerTimeIsPartOfTheProcessTime() {
        // By the time a test runs, this JVM has compiled the test framework's hot paths.
        long compiler = ProcessCpu.compilerNanos(SELF);
        assertThat(compiler).isPositive();
        assertThat(ProcessCpu.nanos(SELF)).isGreaterThanOrEqualTo(compiler);
    }

    @Test
    void aProcessThatDoesNotExistIsUnknown() {
        long noSuchPid = Long.MAX_VALUE;
        assertThat(ProcessCpu.nanos(noSuchPid)).isEqualTo(-1);
        assertThat(ProcessCpu.compilerNanos(noSuchPid)).isEqualTo(-1);
    }
}
