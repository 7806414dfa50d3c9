package io.liftwatch.common.mqtt;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The MQTT 5 packets a QoS 1 subscriber exchanges with its broker (OASIS MQTT 5.0, §3): CONNECT, SUBSCRIBE,
 * PUBACK, PINGREQ and DISCONNECT out; CONNACK, SUBACK, PUBLISH, PINGRESP and DISCONNECT in; and, for a load
 * source, QoS 1 PUBLISH out and PUBACK in. Incoming bytes are cut into packets by {@link Reader}, which keeps
 * a partial packet until the rest arrives, or read one at a time from a blocking stream by {@link #read}.
 */
public final class MqttPackets {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    private static final int PROPERTY_SESSION_EXPIRY = 0x11;
    private static final int PROPERTY_SERVER_KEEP_ALIVE = 0x13;
    private static final int PROPERTY_RECEIVE_MAXIMUM = 0x21;
    private static final int PROPERTY_REASON_STRING = 0x1F;

    private MqttPackets() {
    }

    /** One incoming packet: its type, the flags of its first byte and its body after the length. */
    public record Packet(int type, int flags, byte[] body) {
    }

    /** A PUBLISH as a subscriber needs it; {@code packetId} is 0 at QoS 0. */
    public record Publish(String topic, byte[] payload, int qos, int packetId, boolean duplicate) {
    }

    /**
     * A CONNACK: reason 0 accepts; {@code serverKeepAlive} is -1 when the broker keeps the client's;
     * {@code receiveMaximum} is how many QoS 1 publishes the broker takes unacknowledged.
     */
    public record ConnAck(boolean sessionPresent, int reason, int serverKeepAlive, int receiveMaximum,
                          String reasonString) {
    }

    public static Buffer connect(String clientId, boolean cleanStart, int keepAliveSeconds, long sessionExpirySeconds,
                                 int receiveMaximum, String username, String password) {
        Buffer properties = Buffer.buffer()
                .appendByte((byte) PROPERTY_SESSION_EXPIRY).appendUnsignedInt(Math.min(sessionExpirySeconds, 0xFFFFFFFFL))
                .appendByte((byte) PROPERTY_RECEIVE_MAXIMUM).appendUnsignedShort(receiveMaximum);
        int flags = (cleanStart ? 0x02 : 0) | (username != null ? 0x80 : 0) | (username != null && password != null ? 0x40 : 0);
        Buffer body = Buffer.buffer();
        string(body, "MQTT");
        body.appendByte((byte) 5).appendByte((byte) flags).appendUnsignedShort(keepAliveSeconds);
        variableInteger(body, properties.length());
        body.appendBuffer(properties);
        string(body, clientId);
        if (username != null) {
            string(body, username);
            if (password != null) {
                byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
                body.appendUnsignedShort(bytes.length).appendBytes(bytes);
            }
        }
        return packet(CONNECT << 4, body);
    }

    /** SUBSCRIBE to one filter at the given maximum QoS, retained messages sent as the broker does by default. */
    public static Buffer subscribe(int packetId, String topicFilter, int qos) {
        Buffer body = Buffer.buffer().appendUnsignedShort(packetId).appendByte((byte) 0);
        string(body, topicFilter);
        body.appendByte((byte) qos);
        return packet(SUBSCRIBE << 4 | 0x02, body);
    }

    /** Writes a QoS 1 PUBLISH without properties. */
    public static void writePublish(OutputStream out, byte[] topic, byte[] payload, int packetId) throws IOException {
        Buffer header = Buffer.buffer(5).appendByte((byte) (PUBLISH << 4 | 0x02));
        variableInteger(header, 2 + topic.length + 2 + 1 + payload.length);
        out.write(header.getBytes());
        out.write(topic.length >> 8);
        out.write(topic.length);
        out.write(topic);
        out.write(packetId >> 8);
        out.write(packetId);
        out.write(0);
        out.write(payload);
    }

    /** Reads one packet from a blocking stream; null at its end. */
    public static Packet read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = 0;
        for (int i = 0; ; i++) {
            int digit = in.read();
            if (digit < 0 || i == 4) {
                throw new IOException(digit < 0 ? "stream ended inside a packet header" : "malformed packet length");
            }
            length |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("stream ended inside a packet");
        }
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** Appends a successful PUBACK (reason and properties omitted, as §3.4.2.1 allows). */
    public static void appendPubAck(Buffer out, int packetId) {
        out.appendByte((byte) (PUBACK << 4)).appendByte((byte) 2).appendUnsignedShort(packetId);
    }

    public static Buffer pingRequest() {
        return Buffer.buffer(new byte[]{(byte) (PINGREQ << 4), 0});
    }

    /** A normal DISCONNECT: the session stays for its expiry interval. */
    public static Buffer disconnect() {
        return Buffer.buffer(new byte[]{(byte) (DISCONNECT << 4), 0});
    }

    public static ConnAck connAck(byte[] body) {
        if (body.length < 2) {
            throw new IllegalArgumentException("CONNACK shorter than 2 bytes");
        }
        int keepAlive = -1;
        int receiveMaximum = 65_535;
        String reasonString = null;
        if (body.length > 2) {
            int[] position = {2};
            int end = variableInteger(body, position) + position[0];
            while (position[0] < end) {
                int id = body[position[0]++] & 0xFF;
                if (id == PROPERTY_SERVER_KEEP_ALIVE) {
                    keepAlive = unsignedShort(body, position[0]);
                } else if (id == PROPERTY_RECEIVE_MAXIMUM) {
                    receiveMaximum = unsignedShort(body, position[0]);
                } else if (id == PROPERTY_REASON_STRING) {
                    int length = unsignedShort(body, position[0]);
                    reasonString = new String(body, position[0] + 2, length, StandardCharsets.UTF_8);
                }
                position[0] = skipPropertyValue(id, body, position[0]);
            }
        }
        return new ConnAck((body[0] & 1) == 1, body[1] & 0xFF, keepAlive, receiveMaximum, reasonString);
    }

    /** The granted QoS or failure reason of a one-filter SUBACK. */
    public static int subAckReason(byte[] body) {
        int[] position = {2};
        int propertiesLength = variableInteger(body, position);
        int index = position[0] + propertiesLength;
        if (index >= body.length) {
            throw new IllegalArgumentException("SUBACK without a reason code");
        }
        return body[index] & 0xFF;
    }

    public static int packetId(byte[] body) {
        return unsignedShort(body, 0);
    }

    public static Publish publish(int flags, byte[] body) {
        return publish(flags, body, 0, body.length);
    }

    /** A PUBLISH whose body is {@code length} bytes of {@code bytes} from {@code offset}; copies only the payload. */
    public static Publish publish(int flags, byte[] bytes, int offset, int length) {
        int end = offset + length;
        int qos = (flags >> 1) & 0x03;
        int topicLength = unsignedShort(bytes, offset);
        String topic = new String(bytes, offset + 2, topicLength, StandardCharsets.UTF_8);
        int[] position = {offset + 2 + topicLength};
        int packetId = 0;
        if (qos > 0) {
            packetId = unsignedShort(bytes, position[0]);
            position[0] += 2;
        }
        int propertiesLength = variableInteger(bytes, position);
        int payloadStart = position[0] + propertiesLength;
        if (payloadStart > end) {
            throw new IllegalArgumentException("PUBLISH properties run past the packet");
        }
        return new Publish(topic, Arrays.copyOfRange(bytes, payloadStart, end), qos, packetId, (flags & 0x08) != 0);
    }

    /** Cuts a byte stream into packets; feed it what the socket delivers, in order. */
    public static final class Reader {
        /**
         * Called once per complete packet, on the thread that feeds the reader, with its body as
         * {@code length} bytes of {@code bytes} from {@code offset}: valid during the call only, so that a
         * packet is not copied before its payload is.
         */
        public interface Handler {
            void packet(int type, int flags, byte[] bytes, int offset, int length);
        }

        private final Handler handler;
        private byte[] pending = new byte[0];

        public Reader(Handler handler) {
            this.handler = handler;
        }

        public void feed(Buffer chunk) {
            byte[] bytes = pending.length == 0 ? chunk.getBytes() : concat(pending, chunk.getBytes());
            int position = 0;
            while (true) {
                int start = position;
                if (bytes.length - start < 2) {
                    break;
                }
                int[] cursor = {start + 1};
                int length = variableIntegerIfComplete(bytes, cursor);
                if (length < 0 || bytes.length - cursor[0] < length) {
                    break;
                }
                int first = bytes[start] & 0xFF;
                handler.packet(first >> 4, first & 0x0F, bytes, cursor[0], length);
                position = cursor[0] + length;
            }
            pending = position == bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, position, bytes.length);
        }

        /** Forgets a partial packet, as when the connection it came from is gone. */
        public void reset() {
            pending = new byte[0];
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }
    }

    private static Buffer packet(int firstByte, Buffer body) {
        Buffer packet = Buffer.buffer(body.length() + 5).appendByte((byte) firstByte);
        variableInteger(packet, body.length());
        return packet.appendBuffer(body);
    }

    private static void string(Buffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.appendUnsignedShort(bytes.length).appendBytes(bytes);
    }

    static void variableInteger(Buffer out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.appendByte((byte) (value > 0 ? digit | 0x80 : digit));
        } while (value > 0);
    }

    private static int variableInteger(byte[] bytes, int[] position) {
        int value = variableIntegerIfComplete(bytes, position);
        if (value < 0) {
            throw new IllegalArgumentException("variable byte integer runs past the packet");
        }
        return value;
    }

    /** The value at position[0], advancing it; -1 if the bytes end first. Over four bytes is malformed. */
    private static int variableIntegerIfComplete(byte[] bytes, int[] position) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (position[0] >= bytes.length) {
                return -1;
            }
            int digit = bytes[position[0]++] & 0xFF;
            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed variable byte integer");
    }

    private static int unsignedShort(byte[] bytes, int index) {
        return (bytes[index] & 0xFF) << 8 | bytes[index + 1] & 0xFF;
    }

    /** Where the value of property {@code id} starting at {@code position} ends (§2.2.2.2). */
    private static int skipPropertyValue(int id, byte[] body, int position) {
        switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A:
                return position + 1;
            case 0x13, 0x21, 0x22, 0x23:
                return position + 2;
            case 0x02, 0x11, 0x18, 0x27:
                return position + 4;
            case 0x0B: {
                int[] cursor = {position};
                variableInteger(body, cursor);
                return cursor[0];
            }
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F:
                return position + 2 + unsignedShort(body, position);
            case 0x26: {
                int afterKey = position + 2 + unsignedShort(body, position);
                return afterKey + 2 + unsignedShort(body, afterKey);
            }
            default:
                throw new IllegalArgumentException("unknown property 0x" + Integer.toHexString(id));
        }
    }
}
