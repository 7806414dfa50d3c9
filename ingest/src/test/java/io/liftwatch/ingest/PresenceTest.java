package io.liftwatch.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Presence spans: continued by messages within the gap, ended by silence or a Last Will. */
class PresenceTest {
    @Test
    void messagesWithinTheGapContinueTheStoredSpan() {
        Presence presence = new Presence(new Presence.Span(1_000, 60_000), true);
        presence.heard(120_000);
        presence.heard(240_000);
        assertThat(presence.ended()).isEmpty();
        assertThat(presence.current()).isEqualTo(new Presence.Span(1_000, 240_000));
        assertThat(presence.open()).isTrue();
    }

    @Test
    void silenceLongerThanTheGapEndsTheSpanAtItsLastMessage() {
        Presence presence = new Presence(new Presence.Span(1_000, 60_000), true);
        presence.heard(60_000 + Presence.GAP_MS + 1);
        assertThat(presence.ended()).containsExactly(new Presence.Span(1_000, 60_000));
        assertThat(presence.current()).isEqualTo(new Presence.Span(240_001, 240_001));
    }

    @Test
    void aLastWillEndsTheSpanAndTheNextMessageStartsAnother() {
        Presence presence = new Presence(new Presence.Span(1_000, 60_000), true);
        presence.heard(70_000);
        presence.lastWill();
        assertThat(presence.open()).isFalse();
        presence.lastWill();
        presence.heard(80_000);
        assertThat(presence.ended()).containsExactly(new Presence.Span(1_000, 70_000));
        assertThat(presence.current()).isEqualTo(new Presence.Span(80_000, 80_000));
        assertThat(presence.open()).isTrue();
    }

    @Test
    void aClosedSpanIsNotContinuedNorWrittenAgain() {
        Presence presence = new Presence(new Presence.Span(1_000, 60_000), false);
        presence.heard(61_000);
        assertThat(presence.ended()).isEmpty();
        assertThat(presence.current()).isEqualTo(new Presence.Span(61_000, 61_000));
    }

    @Test
    void aLiftNeverHeardStartsItsFirstSpan() {
        Presence presence = new Presence(null, false);
        assertThat(presence.current()).isNull();
        presence.heard(5_000);
        assertThat(presence.current()).isEqualTo(new Presence.Span(5_000, 5_000));
        assertThat(presence.ended()).isEmpty();
    }

    /** 2025-10-09 00:00 in China Standard Time. */
    private static final long MIDNIGHT = 1_759_939_200_000L;

    @Test
    void aSpanReachingIntoANewDayEndsItsPartAtMidnightAndGoesOnFromThere() {
        Presence presence = new Presence(new Presence.Span(MIDNIGHT - 3_600_000, MIDNIGHT - 60_000), true);
        presence.heard(MIDNIGHT - 30_000);
        assertThat(presence.ended()).isEmpty();
        presence.heard(MIDNIGHT + 90_000);
        presence.heard(MIDNIGHT + 150_000);
        assertThat(presence.ended()).containsExactly(new Presence.Span(MIDNIGHT - 3_600_000, MIDNIGHT));
        assertThat(presence.current()).isEqualTo(new Presence.Span(MIDNIGHT, MIDNIGHT + 150_000));
        presence.lastWill();
        assertThat(presence.ended()).containsExactly(new Presence.Span(MIDNIGHT - 3_600_000, MIDNIGHT),
                new Presence.Span(MIDNIGHT, MIDNIGHT + 150_000));
    }

    @Test
    void aStoredSpanOfManyDaysEndsOnceAtTheMidnightBeforeTheMessage() {
        long since = MIDNIGHT - 40L * 86_400_000 + 5_000;
        Presence presence = new Presence(new Presence.Span(since, MIDNIGHT + 3_600_000), true);
        presence.heard(MIDNIGHT + 3_660_000);
        assertThat(presence.ended()).containsExactly(new Presence.Span(since, MIDNIGHT));
        assertThat(presence.current()).isEqualTo(new Presence.Span(MIDNIGHT, MIDNIGHT + 3_660_000));
    }

    @Test
    void daysAreThoseOfChinaStandardTime() {
        assertThat(Presence.dayStart(MIDNIGHT)).isEqualTo(MIDNIGHT);
        assertThat(Presence.dayStart(MIDNIGHT - 1)).isEqualTo(MIDNIGHT - 86_400_000);
        assertThat(Presence.dayStart(MIDNIGHT + 86_399_999)).isEqualTo(MIDNIGHT);
    }
}
