package io.liftwatch.ingest;

import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.taxonomy.ServiceMode;
import io.liftwatch.common.wire.ConnectionReport;
import io.liftwatch.common.wire.Envelope;
import io.liftwatch.common.wire.LiftMessage;
import io.liftwatch.common.wire.MessageKind;
import io.liftwatch.common.wire.StatusReport;
import io.liftwatch.simulator.FleetPlan;
import io.liftwatch.testing.IntegrationTest;
import io.liftwatch.testing.LiveServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Through {@link TelemetryWriter}: a status that repeats the lift's previous one adds no row but is
 * reflected in the lift's latest status, {@code last_seen_at} and its count of repeats; presence spans end
 * at a Last Will or at silence longer than the gap, and are written then.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusRepeatsTest {
    private static final long T0 = 1_760_000_000_000L;
    /** Six registered lifts: each test uses its own. */
    private final List<String> lifts;
    private final LiveServices live;
    private final TelemetryWriter telemetry;

    StatusRepeatsTest() throws SQLException {
        Registry fleet = FleetPlan.generate(6, 3);
        lifts = fleet.lifts().stream().map(io.liftwatch.common.registry.Lift::id).toList();
        live = LiveServices.start(fleet);
        telemetry = new TelemetryWriter(live.pool);
    }

    @AfterAll
    void closeServices() {
        live.close();
    }

    private static Inbound status(String lift, long seq, String floor, long receivedAt) {
        return arrived(new StatusReport(new Envelope(lift, 1, seq, receivedAt), ServiceMode.NORMAL, false, "none", floor,
                true, true, false, "mains", false, false, 0, 0.0), receivedAt);
    }

    private static Inbound arrived(LiftMessage message, long receivedAt) {
        return Inbound.accepted("t", new byte[0], receivedAt, message, () -> { });
    }

    private String q(String sql) throws SQLException {
        return live.text(sql);
    }

    @Test
    void aLaterBatchLocksAfterAnEarlierOneSoAChangeBackIsNotTakenForARepeat() throws Exception {
        String lift = lifts.get(4);
        telemetry.write(List.of(status(lift, 1, "1", T0)));
        LockTurns turns = new LockTurns();
        LockTurns.Turn earlier = turns.issue();
        LockTurns.Turn later = turns.issue();

        // The later batch reaches the database first. Its report (back on floor 1) repeats the stored status but
        // not its true predecessor, which is in the earlier batch: it must wait for that batch's locks.
        CompletableFuture<WriteResult> backOnFloor1 = CompletableFuture.supplyAsync(() -> {
            try {
                return telemetry.write(List.of(status(lift, 3, "1", T0 + 120_000)), later);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.waiting() == 1);
        telemetry.write(List.of(status(lift, 2, "2", T0 + 60_000)), earlier);
        backOnFloor1.get(30, TimeUnit.SECONDS);

        assertThat(q("SELECT string_agg(seq || ':' || floor, ' ' ORDER BY seq) FROM status_sample"
                + " WHERE lift_id = '" + lift + "'")).isEqualTo("1:1 2:2 3:1");
        assertThat(q("SELECT status_seq || ' ' || floor FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("3 1");
    }

    @Test
    void aRepeatedStatusMovesTheLatestStateAndLastSeenButAddsNoRow() throws SQLException {
        String lift = lifts.get(0);
        telemetry.write(List.of(status(lift, 1, "1", T0)));
        WriteResult result = telemetry.write(List.of(status(lift, 2, "1", T0 + 60_000), status(lift, 3, "2", T0 + 120_000),
                status(lift, 4, "2", T0 + 180_000)));

        assertThat(result.written()).containsEntry(MessageKind.STATUS, 1);
        assertThat(result.repeatedStatuses()).isEqualTo(2);
        assertThat(result.duplicates()).isZero();
        assertThat(q("SELECT string_agg(seq::text, ' ' ORDER BY seq) FROM status_sample WHERE lift_id = '" + lift + "'"))
                .isEqualTo("1 3");
        assertThat(q("SELECT status_seq || ' ' || floor || ' ' || status_repeats || ' ' || last_seen_at"
                + " FROM lift_state WHERE lift_id = '" + lift + "'"))
                .isEqualTo("4 2 2 " + q("SELECT to_timestamp(" + (T0 + 180_000) + "::float8 / 1000)"));

        // Redelivered after it was taken as a repeat: offered to the table, nothing counted twice as a change.
        WriteResult again = telemetry.write(List.of(status(lift, 4, "2", T0 + 190_000)));
        assertThat(again.repeatedStatuses()).isZero();
        assertThat(q("SELECT status_seq FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("4");
    }

    @Test
    void aChangeAfterTheStoredLatestIsCopiedAsTheInsertWouldStoreItAndATwinIsAbsorbed() throws SQLException {
        String lift = lifts.get(2);
        telemetry.write(List.of(status(lift, 1, "1", T0)));
        // Seq 2 follows the stored latest: copied. Its redelivered twin in the same batch meets the key.
        Inbound moving = arrived(new StatusReport(new Envelope(lift, 1, 2, T0 + 60_000), ServiceMode.INSPECTION, true,
                "down", "2", false, false, true, "battery", true, false, 117, 1.25), T0 + 61_234);
        WriteResult result = telemetry.write(List.of(moving, moving));

        assertThat(result.written()).containsEntry(MessageKind.STATUS, 1);
        assertThat(result.duplicates()).isEqualTo(1);
        String row = "SELECT concat_ws(' ', seq, ts = to_timestamp(%d::float8 / 1000), received_at = to_timestamp(%d::float8"
                + " / 1000), mode, moving, direction, floor, door_zone, door_locked, passenger, power, up_limit, down_limit,"
                + " load_pct, speed_ms) FROM status_history WHERE lift_id = '" + lift + "' AND seq = %d";
        assertThat(q(row.formatted(T0 + 60_000, T0 + 61_234, 2)))
                .isEqualTo("2 t t inspection t down 2 f f t battery t f 117 1.25");
        assertThat(q(row.formatted(T0, T0, 1)))
                .isEqualTo("1 t t normal f none 1 t t f mains f f 0 0");
    }

    @Test
    void aRowStoredAheadOfTheLatestByAnotherWriterFailsTheCopyAndIsAbsorbedWhenCheckedOneByOne() throws SQLException {
        String lift = lifts.get(3);
        telemetry.write(List.of(status(lift, 1, "1", T0)));
        String columns = "lift_id, ts, boot, seq, received_at, speed_ms, load_pct, moving, door_zone, door_locked,"
                + " passenger, up_limit, down_limit, mode, direction, power, floor";
        live.execute("INSERT INTO status_sample (" + columns + ") SELECT " + columns.replace("ts,", "ts + interval '1 minute',")
                .replace("seq,", "2,").replace("floor", "'2'") + " FROM status_sample WHERE lift_id = '" + lift + "'");

        assertThatThrownBy(() -> telemetry.write(List.of(status(lift, 2, "2", T0 + 60_000))))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
        WriteResult checked = telemetry.writeChecked(List.of(status(lift, 2, "2", T0 + 60_000)));
        assertThat(checked.duplicates()).isEqualTo(1);
        assertThat(q("SELECT status_seq FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("2");
    }

    @Test
    void presenceSpansEndAtALastWillOrAtSilenceAndCountOnlineTime() throws SQLException {
        String lift = lifts.get(1);
        telemetry.write(List.of(status(lift, 1, "1", T0), status(lift, 2, "1", T0 + 60_000)));
        telemetry.write(List.of(status(lift, 3, "1", T0 + 120_000)));
        assertThat(spans(lift)).isEmpty();
        assertThat(q("SELECT presence_open || ' ' || extract(epoch FROM presence_until - presence_since)"
                + " FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("true 120.000000");

        telemetry.write(List.of(arrived(new ConnectionReport(new Envelope(lift, 1, 4, T0), false, null), T0 + 200_000)));
        assertThat(spans(lift)).isEqualTo("0-120");
        assertThat(q("SELECT presence_open::text FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("false");

        telemetry.write(List.of(arrived(new ConnectionReport(new Envelope(lift, 2, 1, T0 + 300_000), true, "1.0"),
                T0 + 300_000), status(lift, 5, "1", T0 + 330_000)));
        // Silent for longer than the gap: the span ends at its last message when the lift is heard again.
        telemetry.write(List.of(status(lift, 6, "1", T0 + 330_000 + Presence.GAP_MS + 1)));
        assertThat(spans(lift)).isEqualTo("0-120 300-330");
        assertThat(q("SELECT extract(epoch FROM first_seen_at)::bigint * 1000 FROM lift_state WHERE lift_id = '"
                + lift + "'")).isEqualTo(String.valueOf(T0));
        assertThat(Instant.parse(q("SELECT to_json(presence_since) #>> '{}' FROM lift_state WHERE lift_id = '"
                + lift + "'")).toEpochMilli()).isEqualTo(T0 + 330_000 + Presence.GAP_MS + 1);
    }

    @Test
    void aLiftHeardForDaysHasItsSpanWrittenADayAtATimeAndEachPartMarksOnlyItsHours() throws SQLException {
        String lift = lifts.get(5);
        long midnight = 1_760_025_600_000L; // 10 October 2025, 00:00 in China Standard Time
        long first = midnight - 3_600_000;
        List<Inbound> heard = new java.util.ArrayList<>();
        for (long at = first, seq = 1; at <= midnight + 86_400_000 + 1_800_000; at += 150_000, seq++) {
            heard.add(status(lift, seq, "1", at));
        }
        telemetry.write(heard);

        assertThat(q("SELECT string_agg(to_char(since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || '-'"
                + " || to_char(until AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), ' ' ORDER BY since)"
                + " FROM lift_presence WHERE lift_id = '" + lift + "'")).isEqualTo("09 23:00-10 00:00 10 00:00-11 00:00");
        assertThat(q("SELECT to_char(presence_since AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') || ' '"
                + " || presence_open FROM lift_state WHERE lift_id = '" + lift + "'")).isEqualTo("11 00:00 true");
        // Online time is the whole span's: the parts meet at midnight.
        assertThat(q("SELECT extract(epoch FROM sum(until - since)) FROM lift_presence WHERE lift_id = '" + lift + "'"))
                .isEqualTo("90000.000000");
        // The parts' hours, each part's first to its last (a midnight's hour is marked by both): 2 + 25.
        assertThat(q("SELECT count(*) FROM rollup_pending WHERE lift_id = '" + lift + "'")).isEqualTo("26");
    }

    /** The lift's written spans as seconds after T0. */
    private String spans(String lift) throws SQLException {
        String spans = q("SELECT string_agg((extract(epoch FROM since)::bigint - " + T0 / 1000 + ") || '-'"
                + " || (extract(epoch FROM until)::bigint - " + T0 / 1000 + "), ' ' ORDER BY since)"
                + " FROM lift_presence WHERE lift_id = '" + lift + "'");
        return spans == null ? "" : spans;
    }
}
