package io.liftwatch.common.taxonomy;

public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING
}
