package io.flakelens.core.gate;

import io.flakelens.core.detect.EvidenceKind;
import io.flakelens.core.model.TestId;
import io.flakelens.core.quarantine.MutedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges one run's failures under a policy. The order of the checks is the order of trust: a test
 * failing on the main line is broken whatever else is known; a mute is the team's own decision;
 * flake evidence is what the history proved; a model's probability is a guess, counted only when
 * the policy says so.
 */
public final class Gate {
    /** What is known about the failed tests, keyed by {@link TestId#id()}; absent keys know nothing. */
    public record Knowledge(
            Map<String, TestEvidence> evidence, Map<String, Mute> mutes, Map<String, Double> probabilities) {
        public Knowledge {
            evidence = Map.copyOf(evidence);
            mutes = Map.copyOf(mutes);
            probabilities = Map.copyOf(probabilities);
        }
    }

    /** A mute that covers a test, with the repository whose scan found it (null for a local scan). */
    public record Mute(MutedTest entry, String repo) {}

    private final GatePolicy policy;

    public Gate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    public GateResult judge(long tests, List<GateFailure> failures, Knowledge known) {
        List<Judged> out = new ArrayList<>(failures.size());
        for (GateFailure f : failures) {
            out.add(judgeOne(f, known));
        }
        long through = out.stream().filter(Judged::letThrough).count();
        if (through > policy.maxLetThrough()) {
            String why = String.format(
                    Locale.ROOT,
                    "%d failures would pass at once, more than the policy's %d" + " (max_let_through)",
                    through,
                    policy.maxLetThrough());
            out = out.stream()
                    .map(j -> j.letThrough()
                            ? new Judged(j.failure(), j.finding(), false, j.reason() + "; but " + why)
                            : j)
                    .toList();
        }
        boolean passed = out.stream().allMatch(Judged::letThrough);
        return new GateResult(tests, out, passed, summary(out, passed));
    }

    private Judged judgeOne(GateFailure f, Gate.Knowledge known) {
        String id = f.id().id();
        TestEvidence ev = known.evidence().get(id);
        if (ev != null && ev.failingOnMain()) {
            return new Judged(
                    f,
                    new Finding.FailingOnMain(ev),
                    false,
                    String.format(
                            Locale.ROOT, "fails every main-line run of its latest %d revisions", ev.mainRevisions()));
        }
        Mute mute = known.mutes().get(id);
        if (mute != null) {
            String where = mute.entry().file() + ":" + mute.entry().line();
            String ticket =
                    mute.entry().ticket() == null ? "" : " (" + mute.entry().ticket() + ")";
            return new Judged(
                    f,
                    new Finding.Muted(mute.entry(), mute.repo()),
                    policy.muted(),
                    "muted by " + mute.entry().marker() + " at " + where + ticket
                            + (policy.muted() ? "" : "; the policy does not let muted tests through"));
        }
        if (ev != null && ev.occurrences() > 0) {
            return knownFlake(f, ev);
        }
        Double p = known.probabilities().get(id);
        if (p != null && p >= policy.minProbability()) {
            String why = String.format(Locale.ROOT, "no flake history; the flake model gives %.2f", p);
            return new Judged(
                    f,
                    new Finding.ProbablyFlaky(p),
                    policy.probability(),
                    policy.probability() ? why : why + ", but the policy does not count probabilities");
        }
        String why = ev != null && ev.runs() > 0
                ? String.format(Locale.ROOT, "no flake evidence in %d runs of it", ev.runs())
                : "not seen before";
        if (p != null) {
            why += String.format(Locale.ROOT, "; the flake model gives %.2f", p);
        }
        return new Judged(f, new Finding.New(p), false, why);
    }

    private Judged knownFlake(GateFailure f, TestEvidence ev) {
        long counted = ev.occurrences(policy.kinds());
        String facts = String.format(
                Locale.ROOT,
                "flaky: %s, %d occurrences in %d runs (flake rate %.1f%%), score %d",
                ev.kinds().stream().map(EvidenceKind::label).collect(Collectors.joining(",")),
                ev.occurrences(),
                ev.runs(),
                ev.flakeRate() * 100,
                ev.score());
        Finding finding = new Finding.KnownFlake(ev);
        if (counted < policy.minOccurrences()) {
            return new Judged(
                    f,
                    finding,
                    false,
                    facts
                            + String.format(
                                    Locale.ROOT,
                                    "; the policy needs %d occurrences of %s",
                                    policy.minOccurrences(),
                                    kinds()));
        }
        if (ev.score() < policy.minScore()) {
            return new Judged(f, finding, false, facts + "; the policy needs a score of " + policy.minScore());
        }
        if (ev.failRate() > policy.maxFailRate()) {
            return new Judged(
                    f,
                    finding,
                    false,
                    facts
                            + String.format(
                                    Locale.ROOT,
                                    "; but it failed %.0f%% of its runs, more than the policy's %.0f%%",
                                    ev.failRate() * 100,
                                    policy.maxFailRate() * 100));
        }
        return new Judged(f, finding, true, facts);
    }

    private String kinds() {
        return policy.kinds().size() == EvidenceKind.values().length
                ? "any kind"
                : policy.kinds().stream().sorted().map(EvidenceKind::label).collect(Collectors.joining(","));
    }

    private static String summary(List<Judged> judged, boolean passed) {
        if (judged.isEmpty()) {
            return "passed: no failures";
        }
        long through = judged.stream().filter(Judged::letThrough).count();
        if (passed) {
            return String.format(
                    Locale.ROOT,
                    "passed: %d %s, all known flakes or muted",
                    judged.size(),
                    judged.size() == 1 ? "failure" : "failures");
        }
        return String.format(
                Locale.ROOT,
                "failed: %d of %d %s not let through",
                judged.size() - through,
                judged.size(),
                judged.size() == 1 ? "failure" : "failures");
    }
}
