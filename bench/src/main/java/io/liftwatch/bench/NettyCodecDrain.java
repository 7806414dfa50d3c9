package io.liftwatch.bench;

import io.liftwatch.common.config.MqttConfig;
import io.liftwatch.common.mqtt.MqttClients;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bare consumer on Netty's MQTT codec ({@code netty-codec-mqtt}, the Netty that Vert.x uses): CONNECT,
 * SUBSCRIBE, a PUBACK for each PUBLISH and nothing else (no reconnect, no ordering of acknowledgements, no
 * checks): the least a consumer on that codec would cost. PUBACKs written on the I/O thread are flushed once
 * per read; those written from writer threads once per run of them, not once each.
 */
final class NettyCodecDrain implements DrainCandidate {
    @Override
    public String name() {
        return "Netty netty-codec-mqtt 4.2 (bare consumer)";
    }

    @Override
    public void drain(MqttConfig mqtt, String clientId, String topicFilter, int receiveMaximum, DrainAcks acks)
            throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<MqttConnAckMessage> connected = new CompletableFuture<>();
        try {
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new MqttDecoder(MqttClients.MAXIMUM_PACKET_SIZE),
                                    MqttEncoder.INSTANCE, new Consumer(acks, connected));
                        }
                    })
                    .connect(mqtt.host(), mqtt.port()).sync().channel();
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 600));
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), receiveMaximum));
            channel.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                    .cleanSession(false).keepAlive(MqttClients.KEEP_ALIVE_SECONDS).properties(properties).build());
            connected.get(25, TimeUnit.SECONDS);
            channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, topicFilter).build());
            if (!acks.await(10)) {
                throw new IOException("Netty codec: the queue was not drained in 10 minutes");
            }
            channel.writeAndFlush(MqttMessageBuilders.disconnect().build()).sync();
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static final class Consumer extends SimpleChannelInboundHandler<MqttMessage> {
        private final DrainAcks acks;
        private final CompletableFuture<MqttConnAckMessage> connected;
        private final AtomicBoolean flushQueued = new AtomicBoolean();

        Consumer(DrainAcks acks, CompletableFuture<MqttConnAckMessage> connected) {
            this.acks = acks;
            this.connected = connected;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message instanceof MqttConnAckMessage connAck) {
                connected.complete(connAck);
            } else if (message instanceof MqttPublishMessage publish) {
                ByteBufUtil.getBytes(publish.payload());
                MqttMessage pubAck = MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build();
                acks.received(() -> acknowledge(ctx, pubAck));
            }
        }

        private void acknowledge(ChannelHandlerContext ctx, MqttMessage pubAck) {
            ctx.write(pubAck, ctx.voidPromise());
            if (!ctx.executor().inEventLoop() && flushQueued.compareAndSet(false, true)) {
                ctx.executor().execute(() -> {
                    flushQueued.set(false);
                    ctx.flush();
                });
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connected.completeExceptionally(cause);
            ctx.close();
        }
    }
}
