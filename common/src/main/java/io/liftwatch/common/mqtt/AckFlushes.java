package io.liftwatch.common.mqtt;

import com.hivemq.client.mqtt.MqttClientConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Lets a burst of acknowledgements leave in one socket write. The client writes and flushes each PUBACK on its
 * own, so a batch writer that acknowledges a thousand committed messages costs a thousand writes: a system call
 * each, and a TCP segment each that the broker's kernel takes in. Netty's {@link FlushConsolidationHandler},
 * between the client's MQTT handlers and the socket (or TLS), turns the flushes of one run of the event loop into
 * one. PUBACKs keep their order and still leave only after the consumer acknowledged; a flush is held only until
 * the event loop finishes what is queued on it.
 * <p>
 * The channel is reached through the client's connection config, a public class of its internal package: should a
 * later client version hide it, acknowledgements go out one write each, and a warning says so.
 */
final class AckFlushes {
    static final String NAME = "liftwatch-ack-flushes";
    /** Flushes held back before one is let through anyway, so what waits behind a long burst stays bounded. */
    private static final int MAX_HELD_FLUSHES = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(AckFlushes.class);

    private AckFlushes() {
    }

    /** Adds the handler to the connection {@code config} describes, or says why it cannot. */
    static void install(MqttClientConfig config) {
        String why;
        try {
            Optional<Channel> channel = channelOf(config);
            if (channel.isPresent()) {
                addTo(channel.get().pipeline());
                return;
            }
            why = "no channel in the connection config";
        } catch (RuntimeException | LinkageError e) {
            // A client version without the connection config's channel, or whose pipeline refuses the handler.
            why = e.toString();
        }
        LOG.warn("each acknowledgement is written on its own: the MQTT client's channel is out of reach ({})", why);
    }

    /** Next to the socket, or just above TLS (one record for a burst, not one each); once. */
    static void addTo(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) != null) {
            return;
        }
        FlushConsolidationHandler handler = new FlushConsolidationHandler(MAX_HELD_FLUSHES, true);
        ChannelHandlerContext tls = pipeline.context(SslHandler.class);
        if (tls == null) {
            pipeline.addFirst(NAME, handler);
        } else {
            pipeline.addAfter(tls.name(), NAME, handler);
        }
    }

    /** The connection's channel, while connected and while the client's connection config still offers it. */
    static Optional<Channel> channelOf(MqttClientConfig config) {
        return config.getConnectionConfig()
                .filter(c -> c instanceof com.hivemq.client.internal.mqtt.MqttClientConnectionConfig)
                .map(c -> ((com.hivemq.client.internal.mqtt.MqttClientConnectionConfig) c).getChannel());
    }
}
