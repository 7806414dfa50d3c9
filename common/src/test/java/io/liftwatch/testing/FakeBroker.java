package io.liftwatch.testing;

import io.liftwatch.common.config.MqttConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * An MQTT 5 broker for one consumer, on Netty's MQTT codec, that a test scripts: it answers CONNECT, SUBSCRIBE
 * and PINGREQ properly, keeps the consumer's session (the QoS 1 messages not yet acknowledged, under their
 * packet ids), and sends what the test says, also what a broker must not: more messages than the consumer's
 * Receive Maximum, a packet above its Maximum Packet Size, or corrupt bytes. It records every connection, with
 * what the consumer announced and the reason code of the DISCONNECT it sent, and every acknowledgement.
 * Listens on 127.0.0.1, on a free port.
 */
public final class FakeBroker implements AutoCloseable {
    /** A QoS 1 message of the session, under the packet id it keeps until acknowledged. */
    public record Message(int packetId, String topic, byte[] payload) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    /** The session's unacknowledged messages, oldest first; guarded by itself. */
    private final Map<Integer, Message> inFlight = new LinkedHashMap<>();
    private final List<Message> acknowledged = new CopyOnWriteArrayList<>();
    private int nextPacketId = 1;
    /** CONNECTs left unanswered while {@link #holdConnects} is in force; guarded by itself. */
    private final List<Runnable> heldConnects = new ArrayList<>();
    private boolean holdingConnects;

    private FakeBroker() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        Connection connection = new Connection(channel);
                        channel.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, connection);
                        channel.closeFuture().addListener(closed -> connection.closedAt = System.nanoTime());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public static FakeBroker start() {
        try {
            return new FakeBroker();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fake broker started", e);
        }
    }

    /** How a service reaches this broker. */
    public MqttConfig config() {
        return new MqttConfig("tcp://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort(), null, null);
    }

    /** The {@code index}th connection (from 0) once its CONNECT has been answered; waits up to 30 s for it. */
    public Connection connection(int index) {
        await().atMost(Duration.ofSeconds(30)).until(() -> connections.size() > index && connections.get(index).connect != null);
        return connections.get(index);
    }

    public int connections() {
        return connections.size();
    }

    /** Every message the consumer acknowledged, in the order its PUBACKs came. */
    public List<Message> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The session's messages not acknowledged yet. */
    public List<Message> inFlight() {
        synchronized (inFlight) {
            return List.copyOf(inFlight.values());
        }
    }

    /** Leaves the next CONNECTs unanswered, so a consumer stays disconnected until {@link #answerConnects}. */
    public void holdConnects() {
        synchronized (heldConnects) {
            holdingConnects = true;
        }
    }

    /** Answers the CONNECTs held back, and the next ones at once. */
    public void answerConnects() {
        synchronized (heldConnects) {
            holdingConnects = false;
            heldConnects.forEach(Runnable::run);
            heldConnects.clear();
        }
    }

    /**
     * Drops a message from the session without its being acknowledged, as a broker must when a packet is larger
     * than the consumer accepts: it behaves as if it had delivered it (MQTT 5, 3.1.2.11.4).
     */
    public void discard(Message message) {
        synchronized (inFlight) {
            inFlight.remove(message.packetId());
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One TCP connection of the consumer. */
    public final class Connection extends SimpleChannelInboundHandler<MqttMessage> {
        private final Channel channel;
        private volatile MqttConnectMessage connect;
        private volatile long connectedAt;
        private volatile long closedAt;
        private volatile Integer disconnectReason;
        private volatile String unreadable;
        /** Messages sent here and not acknowledged yet, and those waiting for room to be resent: on the event loop only. */
        private int unacknowledgedHere;
        private final Deque<Message> toResend = new ArrayDeque<>();

        private Connection(Channel channel) {
            this.channel = channel;
        }

        /** Whether the consumer asked to resume its session (clean start off). */
        public boolean resumesSession() {
            return !connect.variableHeader().isCleanSession();
        }

        public String clientId() {
            return connect.payload().clientIdentifier();
        }

        /** A CONNECT property the consumer announced (e.g. {@link MqttProperties#RECEIVE_MAXIMUM}), or null. */
        public Object announced(int property) {
            MqttProperties.MqttProperty<?> value = connect.variableHeader().properties().getProperty(property);
            return value == null ? null : value.value();
        }

        /** Sends new QoS 1 messages, each under a fresh packet id, in one write: the consumer's window is not looked at. */
        public List<Message> publish(String topic, List<byte[]> payloads) {
            List<Message> sent = new ArrayList<>();
            synchronized (inFlight) {
                for (byte[] payload : payloads) {
                    sent.add(new Message(nextPacketId++, topic, payload));
                }
            }
            return send(sent);
        }

        /** Sends a new QoS 1 message under {@code packetId}, even one the specification forbids (0). */
        public Message publishUnder(int packetId, String topic, byte[] payload) {
            return send(List.of(new Message(packetId, topic, payload))).get(0);
        }

        private List<Message> send(List<Message> sent) {
            synchronized (inFlight) {
                sent.forEach(message -> inFlight.put(message.packetId(), message));
            }
            channel.eventLoop().execute(() -> {
                sent.forEach(message -> send(message, false));
                channel.flush();
            });
            return sent;
        }

        /**
         * Resends the session's unacknowledged messages under their packet ids with DUP set, as a resumed session
         * must, never more unacknowledged at a time than the consumer's Receive Maximum: the rest follow its PUBACKs.
         */
        public void resendInFlight() {
            channel.eventLoop().execute(() -> {
                toResend.addAll(inFlight());
                resendWithinWindow();
            });
        }

        private void resendWithinWindow() {
            Object announced = announced(MqttProperties.RECEIVE_MAXIMUM);
            int window = announced == null ? 65_535 : (Integer) announced;
            while (unacknowledgedHere < window && !toResend.isEmpty()) {
                send(toResend.poll(), true);
            }
            channel.flush();
        }

        private void send(Message message, boolean dup) {
            unacknowledgedHere++;
            channel.write(publishPacket(message, dup));
        }

        /**
         * Sends a PUBLISH with both QoS bits set, which the specification calls malformed: the codec writes a
         * QoS 1 one and its first byte is changed on the way out. It is not part of the session.
         */
        public void publishMalformed(String topic, byte[] payload) {
            channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                @Override
                public void write(ChannelHandlerContext context, Object encoded, ChannelPromise promise) {
                    ByteBuf packet = (ByteBuf) encoded;
                    if (packet.getUnsignedByte(0) >> 4 == MqttMessageType.PUBLISH.value()) {
                        packet.setByte(0, packet.getByte(0) | 0b0110);
                        context.pipeline().remove(this);
                    }
                    context.write(packet, promise);
                }
            });
            channel.writeAndFlush(publishPacket(new Message(0xFFFF, topic, payload), false));
        }

        /** Ends the connection as a broker does: DISCONNECT with a reason code and string, then close. */
        public void disconnect(int reasonCode, String reason) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reason));
            channel.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode((byte) reasonCode).properties(properties).build())
                    .addListener(sent -> channel.close());
        }

        /** Why the codec could not read a packet the consumer sent, or null while it could read them all. */
        public String unreadable() {
            return unreadable;
        }

        /** Waits until the consumer has closed this connection; the reason code of its DISCONNECT, null without one. */
        public Integer awaitClosedByConsumer() {
            await().atMost(Duration.ofSeconds(30)).until(() -> closedAt != 0);
            return disconnectReason;
        }

        /** From the end of this connection to the start of {@code next}, as the broker saw them. */
        public Duration gapBefore(Connection next) {
            return Duration.ofNanos(next.connectedAt - closedAt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, MqttMessage message) {
            MqttFixedHeader header = message.fixedHeader();
            if (message.decoderResult().isFailure()) {
                // The codec reads nothing more on this connection after it.
                unreadable = message.decoderResult().cause().getMessage();
                return;
            }
            switch (header.messageType()) {
                case CONNECT -> connected((MqttConnectMessage) message);
                case SUBSCRIBE -> context.writeAndFlush(MqttMessageBuilders.subAck()
                        .packetId(((MqttSubscribeMessage) message).variableHeader().messageId())
                        .addGrantedQos(MqttQoS.AT_LEAST_ONCE).build());
                case PUBACK -> acknowledgedBy((MqttPubReplyMessageVariableHeader) message.variableHeader());
                case PINGREQ -> context.writeAndFlush(MqttMessage.PINGRESP);
                case DISCONNECT -> disconnectReason = Byte.toUnsignedInt(
                        ((MqttReasonCodeAndPropertiesVariableHeader) message.variableHeader()).reasonCode());
                default -> throw new IllegalStateException("the fake broker does not expect " + header.messageType());
            }
        }

        private void connected(MqttConnectMessage message) {
            String clientId = message.payload().clientIdentifier();
            boolean present = !message.variableHeader().isCleanSession() && sessions.contains(clientId);
            sessions.add(clientId);
            if (!present) {
                synchronized (inFlight) {
                    inFlight.clear();
                }
            }
            Runnable accept = () -> {
                channel.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                        .sessionPresent(present).properties(MqttProperties.NO_PROPERTIES).build());
                connectedAt = System.nanoTime();
                connect = message;
                connections.add(this);
            };
            synchronized (heldConnects) {
                if (holdingConnects) {
                    heldConnects.add(() -> channel.eventLoop().execute(accept));
                    return;
                }
            }
            accept.run();
        }

        private void acknowledgedBy(MqttPubReplyMessageVariableHeader pubAck) {
            Message message;
            synchronized (inFlight) {
                message = inFlight.remove(pubAck.messageId());
            }
            if (message == null) {
                throw new IllegalStateException("PUBACK for packet id " + pubAck.messageId() + ", which is not in flight");
            }
            acknowledged.add(message);
            unacknowledgedHere--;
            resendWithinWindow();
        }
    }

    private static MqttPublishMessage publishPacket(Message message, boolean dup) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(message.topic(), message.packetId(), MqttProperties.NO_PROPERTIES),
                Unpooled.wrappedBuffer(message.payload()));
    }
}
