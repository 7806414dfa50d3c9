package io.liftwatch.testing;

import io.liftwatch.common.ops.LocalMosquitto;

/** The broker integration tests run against: a Mosquitto with the project's configuration, per test class. */
public final class TestBroker {
    private TestBroker() {
    }

    public static LocalMosquitto start() {
        return LocalMosquitto.start();
    }
}
