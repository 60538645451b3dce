package io.flakelens.core.cluster;

import java.util.List;

/**
 * One cluster: the failures that share a cause, as far as their texts tell.
 *
 * @param id         algorithm name and version, then the cluster's rank by size: {@code stacktrace-v3:3}
 * @param members    positions of the member failures in the clustered list, ascending
 * @param template   the text they share
 * @param tests      the tests they span, most frequent first
 * @param jobs       the jobs they span, most frequent first
 * @param flakeShare share of members known to be flaky among those whose label is known; null when none is
 */
public record Cluster(
        String id, List<Integer> members, Template template, List<String> tests, List<String> jobs, Double flakeShare) {
    public Cluster {
        members = List.copyOf(members);
        tests = List.copyOf(tests);
        jobs = List.copyOf(jobs);
    }

    public int size() {
        return members.size();
    }
}
