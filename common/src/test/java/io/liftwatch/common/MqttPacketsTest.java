package io.liftwatch.common;

import io.liftwatch.common.mqtt.MqttPackets;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttPacketsTest {

    /** A PUBLISH as a broker sends it: QoS 1, DUP set, with a message expiry and a user property. */
    private static byte[] brokerPublish(String topic, byte[] payload, int packetId) {
        Buffer properties = Buffer.buffer()
                .appendByte((byte) 0x02).appendInt(60)
                .appendByte((byte) 0x26).appendUnsignedShort(1).appendString("k").appendUnsignedShort(1).appendString("v");
        Buffer body = Buffer.buffer().appendUnsignedShort(topic.length()).appendString(topic)
                .appendUnsignedShort(packetId).appendByte((byte) properties.length()).appendBuffer(properties)
                .appendBytes(payload);
        Buffer packet = Buffer.buffer().appendByte((byte) (MqttPackets.PUBLISH << 4 | 0x08 | 0x02));
        int length = body.length();
        do {
            int digit = length % 128;
            length /= 128;
            packet.appendByte((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
        return packet.appendBuffer(body).getBytes();
    }

    @Test
    void packetsSplitAnywhereAcrossReadsComeOutWholeAndInOrder() {
        byte[] large = new byte[300]; // a length that needs two bytes
        Arrays.fill(large, (byte) 'x');
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(brokerPublish("lw/v1/A/status", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 7));
        stream.writeBytes(new byte[]{(byte) (MqttPackets.PINGRESP << 4), 0});
        stream.writeBytes(brokerPublish("lw/v1/B/fault", large, 65_535));
        byte[] bytes = stream.toByteArray();

        for (int cut = 1; cut < bytes.length; cut++) {
            List<MqttPackets.Publish> publishes = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            MqttPackets.Reader reader = new MqttPackets.Reader((type, flags, packet, offset, length) -> {
                types.add(type);
                if (type == MqttPackets.PUBLISH) {
                    publishes.add(MqttPackets.publish(flags, packet, offset, length));
                }
            });
            reader.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, cut)));
            reader.feed(Buffer.buffer(Arrays.copyOfRange(bytes, cut, bytes.length)));

            assertThat(types).as("cut at %d", cut)
                    .containsExactly(MqttPackets.PUBLISH, MqttPackets.PINGRESP, MqttPackets.PUBLISH);
            assertThat(publishes.get(0).topic()).isEqualTo("lw/v1/A/status");
            assertThat(new String(publishes.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
            assertThat(publishes.get(0).packetId()).isEqualTo(7);
            assertThat(publishes.get(0).qos()).isEqualTo(1);
            assertThat(publishes.get(0).duplicate()).isTrue();
            assertThat(publishes.get(1).payload()).isEqualTo(large);
            assertThat(publishes.get(1).packetId()).isEqualTo(65_535);
        }
    }

    @Test
    void aConnAckCarriesTheBrokersLimitsAndReasons() {
        Buffer properties = Buffer.buffer()
                .appendByte((byte) 0x24).appendByte((byte) 1)                 // maximum QoS
                .appendByte((byte) 0x21).appendUnsignedShort(20)              // receive maximum
                .appendByte((byte) 0x12).appendUnsignedShort(2).appendString("id") // assigned client id
                .appendByte((byte) 0x13).appendUnsignedShort(120)             // server keep alive
                .appendByte((byte) 0x1F).appendUnsignedShort(3).appendString("bad");
        byte[] body = Buffer.buffer().appendByte((byte) 1).appendByte((byte) 0x86)
                .appendByte((byte) properties.length()).appendBuffer(properties).getBytes();

        MqttPackets.ConnAck ack = MqttPackets.connAck(body);

        assertThat(ack.sessionPresent()).isTrue();
        assertThat(ack.reason()).isEqualTo(0x86);
        assertThat(ack.receiveMaximum()).isEqualTo(20);
        assertThat(ack.serverKeepAlive()).isEqualTo(120);
        assertThat(ack.reasonString()).isEqualTo("bad");
        assertThat(MqttPackets.connAck(new byte[]{0, 0}).receiveMaximum()).isEqualTo(65_535);
    }

    @Test
    void aConnectAsksForAPersistentSessionWithItsWindowAndCredentials() {
        byte[] connect = MqttPackets.connect("ingest-1", false, 30, 604_800, 4000, "svc", "pw").getBytes();

        assertThat(connect[0] & 0xFF).isEqualTo(MqttPackets.CONNECT << 4);
        byte[] body = Arrays.copyOfRange(connect, 2, connect.length);
        assertThat(connect[1]).isEqualTo((byte) body.length);
        assertThat(new String(body, 2, 4, StandardCharsets.US_ASCII)).isEqualTo("MQTT");
        assertThat(body[6]).as("protocol level").isEqualTo((byte) 5);
        assertThat(body[7] & 0xFF).as("flags: user name, password, no clean start").isEqualTo(0xC0);
        assertThat(Buffer.buffer(body).getUnsignedShort(8)).as("keep alive").isEqualTo(30);
        assertThat(body[10]).as("properties length").isEqualTo((byte) 8);
        assertThat(body[11]).isEqualTo((byte) 0x11);
        assertThat(Buffer.buffer(body).getUnsignedInt(12)).as("session expiry").isEqualTo(604_800);
        assertThat(body[16]).isEqualTo((byte) 0x21);
        assertThat(Buffer.buffer(body).getUnsignedShort(17)).as("receive maximum").isEqualTo(4000);
        assertThat(new String(body, 21, 8, StandardCharsets.UTF_8)).isEqualTo("ingest-1");
        assertThat(new String(body, body.length - 2, 2, StandardCharsets.UTF_8)).isEqualTo("pw");
    }

    @Test
    void aPublishWrittenByTheLoadSourceReadsBackWithItsIdAndPayload() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = new byte[200];
        Arrays.fill(payload, (byte) 'p');
        MqttPackets.writePublish(out, "lw/v1/A/status".getBytes(StandardCharsets.UTF_8), payload, 513);
        Buffer acks = Buffer.buffer();
        MqttPackets.appendPubAck(acks, 513);
        MqttPackets.appendPubAck(acks, 2);
        ByteArrayInputStream in = new ByteArrayInputStream(Buffer.buffer(out.toByteArray()).appendBuffer(acks).getBytes());

        MqttPackets.Packet publish = MqttPackets.read(in);
        MqttPackets.Publish decoded = MqttPackets.publish(publish.flags(), publish.body());
        assertThat(decoded.topic()).isEqualTo("lw/v1/A/status");
        assertThat(decoded.packetId()).isEqualTo(513);
        assertThat(decoded.payload()).isEqualTo(payload);
        assertThat(MqttPackets.packetId(MqttPackets.read(in).body())).isEqualTo(513);
        assertThat(MqttPackets.packetId(MqttPackets.read(in).body())).isEqualTo(2);
        assertThat(MqttPackets.read(in)).isNull();
    }

    @Test
    void malformedLengthsAreRefused() {
        MqttPackets.Reader reader = new MqttPackets.Reader((type, flags, packet, offset, length) -> { });
        assertThatThrownBy(() -> reader.feed(Buffer.buffer(new byte[]{0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0x01}))).isInstanceOf(IllegalArgumentException.class);
        byte[] publishWithPropertiesPastTheEnd = {0, 1, 't', 0, 1, 9};
        assertThatThrownBy(() -> MqttPackets.publish(0x02, publishWithPropertiesPastTheEnd))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttPackets.read(new ByteArrayInputStream(new byte[]{0x40, 2, 0})))
                .isInstanceOf(IOException.class);
    }
}
