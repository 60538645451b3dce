package io.flakelens.core.cluster;

import java.util.List;

/**
 * How likely one failure is a flake, and why.
 *
 * @param id               the failure's id
 * @param cluster          the cluster of its nearest learned failure when that one is a neighbour, else {@code <algorithm>:new}
 * @param flakeProbability calibrated probability that the failure is a flake
 * @param similar          ids of the most similar learned failures, most similar first
 * @param why              one sentence a person can check
 */
public record FlakePrediction(String id, String cluster, double flakeProbability, List<String> similar, String why) {
    public FlakePrediction {
        similar = List.copyOf(similar);
    }
}
