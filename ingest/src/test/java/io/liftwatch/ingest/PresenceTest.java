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
}
