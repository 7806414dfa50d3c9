package io.liftwatch.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Ingest's rate against the bare subscriber's when the two alternate, a (b) phase between every two (a) phases:
 * each round's (b) against the mean of the (a) before and after it, and over all rounds the mean (b) against the
 * mean of those baselines, so a round's share follows its rates rather than its ratio.
 *
 * @param perRound      each round's ratio, in order
 * @param overall       mean (b) / mean baseline
 * @param meanCommitted mean (b) rate
 * @param meanBaseline  mean of the rounds' baselines
 */
record RoundRatios(List<Double> perRound, double overall, double meanCommitted, double meanBaseline) {

    /** {@code bare} holds one rate more than {@code committed}: (a1), (b1), (a2), …, (bn), (an+1). */
    static RoundRatios of(List<Double> bare, List<Double> committed) {
        if (committed.isEmpty() || bare.size() != committed.size() + 1) {
            throw new IllegalArgumentException(bare.size() + " bare phases cannot bracket " + committed.size()
                    + " committed ones");
        }
        List<Double> perRound = new ArrayList<>();
        double committedSum = 0;
        double baselineSum = 0;
        for (int i = 0; i < committed.size(); i++) {
            double baseline = (bare.get(i) + bare.get(i + 1)) / 2;
            perRound.add(committed.get(i) / baseline);
            committedSum += committed.get(i);
            baselineSum += baseline;
        }
        return new RoundRatios(List.copyOf(perRound), committedSum / baselineSum, committedSum / committed.size(),
                baselineSum / committed.size());
    }
}
