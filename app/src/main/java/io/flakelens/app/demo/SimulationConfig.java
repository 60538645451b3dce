package io.flakelens.app.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link CiSimulator} simulates. The defaults give about a million test results over two weeks,
 * enough for every kind of flake evidence to show up while the demo stays well under a minute.
 * Start from {@link #defaults()} and change what you need with the {@code with...} copies.
 *
 * @param seed                  everything random derives from it: same config, same bytes
 * @param now                   the end of the simulated history, to the second; fixed by default so output
 *                              is reproducible
 * @param days                  length of the history ending at {@code now}
 * @param source                the {@code source} of every run
 * @param jobs                  job names; the first holds unit tests (and the gtest module), later ones slower suites
 * @param builders              every job runs on every builder
 * @param tests                 test ids across all jobs (parameterised variants count one each)
 * @param revisions             main-line revisions, each run post-submit by every job on every builder
 * @param changes               presubmit changes
 * @param maxPatchsets          patchsets per change, 1 to this
 * @param flakyFraction         share of tests that are flaky
 * @param minFlakeRate          lowest per-attempt failure probability of a flaky test
 * @param maxFlakeRate          highest one; rates spread log-uniformly between the two
 * @param builderOnlyFlakyShare share of flaky tests that flake on one builder only
 * @param mainlineRegressions   main-line breakages (one or two tests each, a revision range)
 * @param changeRegressions     changes that break a test on their own patchsets
 * @param infraRuns             runs in which most tests fail at once with one infrastructure message
 * @param brokenEnvironments    (builder, suite) pairs that fail the whole suite for a stretch of days
 * @param trivialRebaseRate     share of later patchsets that are trivial rebases (same equivalence key)
 * @param abandonRate           share of changes abandoned rather than merged
 * @param runRetryRate          share of failed presubmit runs retried as a whole (attempt 2)
 * @param rerunJobs             jobs whose Surefire reruns failing tests in the run
 * @param rerunCount            Surefire's {@code rerunFailingTestsCount} in those jobs
 */
public record SimulationConfig(
        long seed,
        Instant now,
        int days,
        String source,
        List<String> jobs,
        List<String> builders,
        int tests,
        int revisions,
        int changes,
        int maxPatchsets,
        double flakyFraction,
        double minFlakeRate,
        double maxFlakeRate,
        double builderOnlyFlakyShare,
        int mainlineRegressions,
        int changeRegressions,
        int infraRuns,
        int brokenEnvironments,
        double trivialRebaseRate,
        double abandonRate,
        double runRetryRate,
        Set<String> rerunJobs,
        int rerunCount) {

    /** Names become file and directory names, so they stay plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public static final Instant DEFAULT_NOW = Instant.parse("2025-03-03T12:00:00Z");

    public SimulationConfig {
        jobs = List.copyOf(jobs);
        builders = List.copyOf(builders);
        rerunJobs = Set.copyOf(rerunJobs);
        if (now == null || source == null || source.isBlank()) {
            throw new IllegalArgumentException("now and source are required");
        }
        // Whole seconds: Instant.now() carries nanoseconds, which would leak into every time written.
        now = now.truncatedTo(ChronoUnit.SECONDS);
        requireNames("jobs", jobs);
        requireNames("builders", builders);
        require(days >= 1, "days must be at least 1");
        require(tests >= 10 * jobs.size() && tests <= 1_000_000, "tests must be 10 per job to a million");
        require(revisions >= 2, "revisions must be at least 2");
        require(changes >= 0 && maxPatchsets >= 1, "changes must not be negative and maxPatchsets at least 1");
        require(
                mainlineRegressions >= 0 && changeRegressions >= 0 && infraRuns >= 0 && brokenEnvironments >= 0,
                "counts must not be negative");
        require(rerunCount >= 0, "rerunCount must not be negative");
        requireShare("flakyFraction", flakyFraction);
        requireShare("builderOnlyFlakyShare", builderOnlyFlakyShare);
        requireShare("trivialRebaseRate", trivialRebaseRate);
        requireShare("abandonRate", abandonRate);
        requireShare("runRetryRate", runRetryRate);
        require(
                minFlakeRate > 0 && minFlakeRate <= maxFlakeRate && maxFlakeRate < 1,
                "flake rates need 0 < minFlakeRate <= maxFlakeRate < 1");
    }

    public static SimulationConfig defaults() {
        return new SimulationConfig(
                42L,
                DEFAULT_NOW,
                14,
                "sim",
                List.of("unit", "integration", "e2e"),
                List.of("linux-x64", "linux-arm64", "macos", "windows"),
                800,
                120,
                100,
                4,
                0.045,
                0.01,
                0.25,
                0.25,
                4,
                3,
                4,
                1,
                0.3,
                0.15,
                0.5,
                Set.of("integration", "e2e"),
                2);
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(
                newSeed,
                now,
                days,
                source,
                jobs,
                builders,
                tests,
                revisions,
                changes,
                maxPatchsets,
                flakyFraction,
                minFlakeRate,
                maxFlakeRate,
                builderOnlyFlakyShare,
                mainlineRegressions,
                changeRegressions,
                infraRuns,
                brokenEnvironments,
                trivialRebaseRate,
                abandonRate,
                runRetryRate,
                rerunJobs,
                rerunCount);
    }

    public SimulationConfig withNow(Instant newNow) {
        return new SimulationConfig(
                seed,
                newNow,
                days,
                source,
                jobs,
                builders,
                tests,
                revisions,
                changes,
                maxPatchsets,
                flakyFraction,
                minFlakeRate,
                maxFlakeRate,
                builderOnlyFlakyShare,
                mainlineRegressions,
                changeRegressions,
                infraRuns,
                brokenEnvironments,
                trivialRebaseRate,
                abandonRate,
                runRetryRate,
                rerunJobs,
                rerunCount);
    }

    /** The size of the history: results grow with {@code tests * (revisions + changes * patchsets)}. */
    public SimulationConfig withSize(int newTests, int newRevisions, int newChanges) {
        return new SimulationConfig(
                seed,
                now,
                days,
                source,
                jobs,
                builders,
                newTests,
                newRevisions,
                newChanges,
                maxPatchsets,
                flakyFraction,
                minFlakeRate,
                maxFlakeRate,
                builderOnlyFlakyShare,
                mainlineRegressions,
                changeRegressions,
                infraRuns,
                brokenEnvironments,
                trivialRebaseRate,
                abandonRate,
                runRetryRate,
                rerunJobs,
                rerunCount);
    }

    /**
     * More (or fewer) runs of the same tests over the same days, for benchmarks: {@code scaled(10)} of
     * the defaults is about ten million results. Incidents scale along so they stay as frequent.
     */
    public SimulationConfig scaled(double factor) {
        require(factor > 0, "factor must be positive");
        return new SimulationConfig(
                seed,
                now,
                days,
                source,
                jobs,
                builders,
                tests,
                Math.max(2, (int) Math.round(revisions * factor)),
                (int) Math.round(changes * factor),
                maxPatchsets,
                flakyFraction,
                minFlakeRate,
                maxFlakeRate,
                builderOnlyFlakyShare,
                scale(mainlineRegressions, factor),
                scale(changeRegressions, factor),
                scale(infraRuns, factor),
                brokenEnvironments,
                trivialRebaseRate,
                abandonRate,
                runRetryRate,
                rerunJobs,
                rerunCount);
    }

    private static int scale(int n, double factor) {
        return n == 0 ? 0 : Math.max(1, (int) Math.round(n * factor));
    }

    private static void requireNames(String what, List<String> names) {
        require(!names.isEmpty(), what + " must not be empty");
        require(Set.copyOf(names).size() == names.size(), what + " must be distinct");
        for (String n : names) {
            require(NAME.matcher(n).matches(), what + ": \"" + n + "\" must be letters, digits, '.', '_' or '-'");
        }
    }

    private static void requireShare(String what, double v) {
        require(v >= 0 && v <= 1, what + " must be between 0 and 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
