package io.liftwatch.common.mqtt;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Puts a connection's PUBACKs in the order its QoS 1 PUBLISHes arrived, as MQTT requires (§4.6,
 * [MQTT-4.6.0-2]), while the consumer commits them in whatever order its writers finish: a message's
 * acknowledgement waits for those of all earlier ones. Brokers rely on the order, too: Mosquitto finds the
 * message a PUBACK confirms by walking its in-flight list from the oldest, so acknowledgements out of order
 * cost it a walk through the window for each.
 * <p>
 * Owned by the connection's event loop; positions count the connection's QoS 1 arrivals from 0.
 */
final class AckOrder {
    private int[] packetIds;
    private boolean[] done;
    private int mask;
    /** The oldest arrival not yet acknowledged, and the position the next one takes. */
    private int head;
    private int next;

    AckOrder(int expectedWindow) {
        int capacity = Integer.highestOneBit(Math.max(expectedWindow, 8) - 1) << 1;
        packetIds = new int[capacity];
        done = new boolean[capacity];
        mask = capacity - 1;
    }

    /** Records a QoS 1 arrival; returns its position. */
    int arrived(int packetId) {
        if (next - head == packetIds.length) {
            grow(); // a broker that sends beyond the window announced
        }
        packetIds[next & mask] = packetId;
        done[next & mask] = false;
        return next++;
    }

    /** Marks the arrival at {@code position} as committed. */
    void committed(int position) {
        if (position - head >= 0 && next - position > 0) {
            done[position & mask] = true;
        }
    }

    /** Hands over, oldest first, the packet ids whose acknowledgement no earlier arrival holds back any more. */
    void release(IntConsumer pubAck) {
        while (head != next && done[head & mask]) {
            done[head & mask] = false;
            pubAck.accept(packetIds[head & mask]);
            head++;
        }
    }

    /** A new connection: what the last one delivered comes again, under new packet ids. */
    void reset() {
        Arrays.fill(done, false);
        head = 0;
        next = 0;
    }

    int waiting() {
        return next - head;
    }

    private void grow() {
        int capacity = packetIds.length * 2;
        int[] ids = new int[capacity];
        boolean[] flags = new boolean[capacity];
        for (int position = head; position != next; position++) {
            ids[position & (capacity - 1)] = packetIds[position & mask];
            flags[position & (capacity - 1)] = done[position & mask];
        }
        packetIds = ids;
        done = flags;
        mask = capacity - 1;
    }
}
