package io.liftwatch.common.mqtt;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the flushes of a burst are joined: next to the socket, or just above TLS so the burst is one record. */
class AckFlushesTest {

    @Test
    void nextToTheSocketWithoutTls() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("encoder", new ChannelDuplexHandler());
        AckFlushes.addTo(channel.pipeline());
        AckFlushes.addTo(channel.pipeline());
        assertThat(channel.pipeline().names()).as("added once").startsWith(AckFlushes.NAME, "encoder");
        channel.finishAndReleaseAll();
    }

    @Test
    void justAboveTls() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(true);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("ssl", new SslHandler(engine, true)).addLast("encoder", new ChannelDuplexHandler());
        AckFlushes.addTo(channel.pipeline());
        assertThat(channel.pipeline().names()).startsWith("ssl", AckFlushes.NAME, "encoder");
        channel.finishAndReleaseAll();
    }
}
