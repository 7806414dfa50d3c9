package io.liftwatch.common.registry;

import java.util.List;

/** A whole registry, or a part of one, as loaded from or exported to a file. */
public record Registry(List<Organisation> organisations, List<Stairwell> stairwells, List<Lift> lifts,
                       List<Household> households, List<Card> cards) {

    public Registry {
        organisations = List.copyOf(organisations);
        stairwells = List.copyOf(stairwells);
        lifts = List.copyOf(lifts);
        households = List.copyOf(households);
        cards = List.copyOf(cards);
    }
}
