package io.liftwatch.common.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AckOrderTest {
    private final List<Integer> sent = new ArrayList<>();

    @Test
    void aCommitWaitsForEveryEarlierArrival() {
        AckOrder order = new AckOrder(8);
        int first = order.arrived(101);
        int second = order.arrived(102);
        int third = order.arrived(103);

        order.committed(third);
        order.committed(second);
        order.release(sent::add);
        assertThat(sent).isEmpty();

        order.committed(first);
        order.release(sent::add);
        assertThat(sent).containsExactly(101, 102, 103);
        assertThat(order.waiting()).isZero();
    }

    @Test
    void releasesWhatIsContiguousAndKeepsTheRest() {
        AckOrder order = new AckOrder(8);
        List<Integer> positions = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            positions.add(order.arrived(id));
        }
        order.committed(positions.get(0));
        order.committed(positions.get(1));
        order.committed(positions.get(3));
        order.release(sent::add);
        assertThat(sent).containsExactly(1, 2);
        assertThat(order.waiting()).isEqualTo(3);

        order.committed(positions.get(2));
        order.committed(positions.get(4));
        order.release(sent::add);
        assertThat(sent).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void moreArrivalsThanTheWindowKeepTheirOrder() {
        AckOrder order = new AckOrder(8);
        List<Integer> positions = new ArrayList<>();
        // Wrap the ring once before growing it, so the copy has to unwrap.
        for (int id = 1; id <= 6; id++) {
            order.committed(order.arrived(id));
        }
        order.release(sent::add);
        for (int id = 7; id <= 40; id++) {
            positions.add(order.arrived(id));
        }
        for (int i = positions.size() - 1; i >= 0; i--) {
            order.committed(positions.get(i));
        }
        order.release(sent::add);

        assertThat(sent).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
    }

    @Test
    void aNewConnectionForgetsTheOldOnesArrivals() {
        AckOrder order = new AckOrder(8);
        int stale = order.arrived(7);
        order.reset();
        int fresh = order.arrived(1);
        order.committed(fresh);
        order.release(sent::add);

        assertThat(stale).isEqualTo(fresh); // positions restart, which is why commits carry the connection
        assertThat(sent).containsExactly(1);
    }
}
