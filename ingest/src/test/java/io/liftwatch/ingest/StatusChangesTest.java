package io.liftwatch.ingest;

import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.StatusReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which status reports are stored: changes in device order, and whatever arrives behind the latest. */
class StatusChangesTest {
    private static Inbound status(long seq, String floor) {
        StatusReport report = new StatusReport(new Envelope("L1", 1, seq, 1_000 * seq), ServiceMode.NORMAL, false, "none",
                floor, true, true, false, "mains", false, false, 0, 0.0);
        return Inbound.accepted("t", new byte[0], 1_000 * seq, report, () -> { });
    }

    private static List<Long> seqs(StatusChanges.Selection selection) {
        return Stream.concat(selection.fresh().stream(), selection.offered().stream())
                .map(i -> i.message().envelope().seq()).toList();
    }

    @Test
    void heartbeatsRepeatingTheStatusInDeviceOrderAreNotStored() {
        StatusChanges.Selection selection = StatusChanges.select(
                List.of(status(3, "2"), status(1, "1"), status(2, "1"), status(4, "2"), status(5, "1")), Map.of());
        assertThat(seqs(selection)).containsExactly(1L, 3L, 5L);
        assertThat(selection.repeats()).containsEntry("L1", 2);
        // Nothing stored is known of the lift: the table's key decides for all of them.
        assertThat(selection.fresh()).isEmpty();
    }

    @Test
    void theFirstReportOfABatchIsComparedWithTheLiftsLatestStoredStatus() {
        StatusChanges.Latest stored = new StatusChanges.Latest(1, 10,
                StatusChanges.Shown.of((StatusReport) status(10, "1").message()));
        StatusChanges.Selection selection = StatusChanges.select(List.of(status(11, "1"), status(12, "3")),
                Map.of("L1", stored));
        assertThat(seqs(selection)).containsExactly(12L);
        assertThat(selection.fresh()).hasSize(1);
        assertThat(selection.repeats()).containsEntry("L1", 1);
    }

    @Test
    void reportsAtOrBehindTheLatestAreOfferedToTheTable() {
        StatusChanges.Latest stored = new StatusChanges.Latest(1, 10,
                StatusChanges.Shown.of((StatusReport) status(10, "1").message()));
        StatusChanges.Selection selection = StatusChanges.select(List.of(status(9, "1"), status(10, "1")),
                Map.of("L1", stored));
        assertThat(seqs(selection)).containsExactly(9L, 10L);
        assertThat(selection.fresh()).isEmpty();
        assertThat(selection.repeats()).isEmpty();
    }
}
