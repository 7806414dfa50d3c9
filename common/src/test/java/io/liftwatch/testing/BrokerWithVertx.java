package io.liftwatch.testing;

import io.liftwatch.harness.LocalMosquitto;
import io.vertx.core.Vertx;

/** A test broker and the Vert.x its clients run on, started together and closed together. */
public final class BrokerWithVertx implements AutoCloseable {
    public final LocalMosquitto broker = TestBroker.start();
    public final Vertx vertx = Vertx.vertx();

    @Override
    public void close() {
        vertx.close();
        broker.close();
    }
}
