package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttPackets;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.Topics;
import io.liftwatch.common.wire.WireEncoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The load source of the benchmarks: a fleet's QoS 1 stream over a few plain connections, written through a
 * buffer and acknowledged by the broker as usual. In the field each lift publishes from its own controller,
 * so the system's machine pays nothing for publishing; a load source sharing that machine should take as
 * little of it as it can, or the benchmark measures the source. {@link FleetPublisher} (Paho, reconnecting,
 * with a ledger of each message) is what the simulator and the loss tests use; this one fails on any
 * connection loss and only counts.
 */
public final class LoadPublisher implements AutoCloseable {
    private final List<Lane> lanes = new ArrayList<>();

    private LoadPublisher() {
    }

    /** Opens {@code connections} clean sessions; each keeps at most {@code window} publishes unacknowledged. */
    public static LoadPublisher connect(MqttConfig mqtt, String clientPrefix, int connections, int window)
            throws IOException {
        LoadPublisher publisher = new LoadPublisher();
        try {
            for (int i = 0; i < connections; i++) {
                publisher.lanes.add(new Lane(mqtt, clientPrefix + "-" + i, window));
            }
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
        return publisher;
    }

    /**
     * Makes a lift's next message once its connection has room, so its device time is not aged by the
     * source's own queue, and writes it. Written bytes leave when the buffer fills, when the window is
     * full, or at {@link #flush}: a paced caller flushes before it waits.
     */
    public void publish(String liftId, Supplier<LiftMessage> make) throws IOException, InterruptedException {
        Lane lane = lanes.get(Math.floorMod(liftId.hashCode(), lanes.size()));
        lane.acquire();
        LiftMessage message = make.get();
        lane.send(Topics.of(message.liftId(), message.kind()), WireEncoder.encode(message));
    }

    /**
     * Waits until message {@code index} of a stream paced at {@code rate} a second since {@code startNanos} is
     * due, flushing first so what was written does not wait with it.
     */
    public void awaitTurn(long startNanos, long index, double rate) throws IOException, InterruptedException {
        long wait = startNanos + (long) (index * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
            flush();
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    public void flush() throws IOException {
        for (Lane lane : lanes) {
            lane.flush();
        }
    }

    /** Flushes and waits until the broker has acknowledged everything; false on timeout. */
    public boolean drain(long timeoutMillis) throws IOException, InterruptedException {
        flush();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (Lane lane : lanes) {
            if (!lane.window.tryAcquire(lane.size, Math.max(0, deadline - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS)) {
                return false;
            }
            lane.window.release(lane.size);
            lane.check();
        }
        return true;
    }

    /** Publishes the broker acknowledged with a success code. */
    public long acknowledged() {
        return lanes.stream().mapToLong(lane -> lane.acknowledged.get()).sum();
    }

    @Override
    public void close() {
        lanes.forEach(Lane::close);
    }

    private static final class Lane {
        private static final int MAX_PACKET_ID = 65_535;
        /**
         * Brokers may refuse a keep-alive of 0 ("never time out"), and Mosquitto 2.0.21 with a
         * {@code max_keepalive} drops such a client within seconds, so a lane asks for this and pings.
         */
        private static final int KEEP_ALIVE_SECONDS = 60;

        private final Socket socket;
        private final OutputStream out;
        private final Semaphore window;
        private final int size;
        /** 1 while a packet id waits for its PUBACK: an id is reused only once it is free. */
        private final AtomicIntegerArray inFlight = new AtomicIntegerArray(MAX_PACKET_ID + 1);
        private final AtomicLong acknowledged = new AtomicLong();
        private final Thread reader;
        private final Timer pinger;
        private volatile String failure;
        private int nextId = 1;

        Lane(MqttConfig mqtt, String clientId, int window) throws IOException {
            if (mqtt.tls()) {
                throw new IOException("the load source speaks plain TCP only, not " + mqtt.serverUri());
            }
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(mqtt.host(), mqtt.port()), 10_000);
            socket.setSoTimeout(15_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out.write(MqttPackets.connect(clientId, true, KEEP_ALIVE_SECONDS, 0, MAX_PACKET_ID, mqtt.username(),
                    mqtt.password()).getBytes());
            out.flush();
            MqttPackets.Packet packet = MqttPackets.read(in);
            if (packet == null || packet.type() != MqttPackets.CONNACK) {
                throw new IOException("no CONNACK from " + mqtt.serverUri());
            }
            MqttPackets.ConnAck ack = MqttPackets.connAck(packet.body());
            if (ack.reason() != 0) {
                throw new IOException("the broker refused " + clientId + ": reason 0x" + Integer.toHexString(ack.reason()));
            }
            socket.setSoTimeout(0);
            size = Math.min(window, ack.receiveMaximum());
            this.window = new Semaphore(size);
            reader = new Thread(() -> readAcks(in), "load-acks-" + clientId);
            reader.setDaemon(true);
            reader.start();
            // A lane may idle between a benchmark's phases longer than its keep-alive.
            int keepAlive = ack.serverKeepAlive() > 0 ? ack.serverKeepAlive() : KEEP_ALIVE_SECONDS;
            pinger = new Timer("load-ping-" + clientId, true);
            pinger.schedule(new TimerTask() {
                @Override
                public void run() {
                    ping();
                }
            }, keepAlive * 1000L / 2, keepAlive * 1000L / 2);
        }

        private synchronized void ping() {
            try {
                out.write(MqttPackets.pingRequest().getBytes());
                out.flush();
            } catch (IOException e) {
                failure = failure != null ? failure : "connection lost: " + e.getMessage();
            }
        }

        void acquire() throws IOException, InterruptedException {
            if (!window.tryAcquire()) {
                // Waiting for acknowledgements of what is still in the buffer would wait forever.
                flush();
                window.acquire();
            }
            check();
        }

        synchronized void send(String topic, byte[] payload) throws IOException {
            while (inFlight.get(nextId) == 1) {
                nextId = nextId == MAX_PACKET_ID ? 1 : nextId + 1;
            }
            inFlight.set(nextId, 1);
            MqttPackets.writePublish(out, topic.getBytes(StandardCharsets.UTF_8), payload, nextId);
            nextId = nextId == MAX_PACKET_ID ? 1 : nextId + 1;
        }

        synchronized void flush() throws IOException {
            check();
            out.flush();
        }

        void check() throws IOException {
            if (failure != null) {
                throw new IOException(failure);
            }
        }

        private void readAcks(InputStream in) {
            try {
                for (MqttPackets.Packet packet = MqttPackets.read(in); packet != null; packet = MqttPackets.read(in)) {
                    if (packet.type() != MqttPackets.PUBACK) {
                        continue;
                    }
                    int id = MqttPackets.packetId(packet.body());
                    // A PUBACK without a reason code is a success (§3.4.2.1); 0x80 and above refuse.
                    if (packet.body().length > 2 && (packet.body()[2] & 0xFF) >= 0x80) {
                        failure = "the broker refused a publish: reason 0x" + Integer.toHexString(packet.body()[2] & 0xFF);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                    inFlight.set(id, 0);
                    window.release();
                }
                failure = failure != null ? failure : "the broker closed the connection";
            } catch (IOException e) {
                failure = failure != null ? failure : "connection lost: " + e.getMessage();
            }
            // Wake anyone waiting for room: they will see the failure.
            window.release(size);
        }

        void close() {
            pinger.cancel();
            try {
                synchronized (this) {
                    out.write(MqttPackets.disconnect().getBytes());
                    out.flush();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            failure = failure != null ? failure : "closed";
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
