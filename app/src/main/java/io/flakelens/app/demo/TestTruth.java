package io.flakelens.app.demo;

import java.time.Instant;
import java.util.List;

/** Why a test of the simulated history fails, as the simulator decided it. */
public sealed interface TestTruth {

    Kind kind();

    /** The kinds as {@code truth.json} spells them. */
    enum Kind {
        FLAKY("flaky"),
        REGRESSION("regression"),
        BROKEN_ENV("broken-env"),
        STABLE("stable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Fails each attempt independently with {@code rate}; in-run reruns draw again, so the share of
     * runs in which it fails at least once is {@code rate}.
     *
     * @param builder the one builder it flakes on, or null for all of them
     * @param since   the main-line revision it started flaking at (runs of older code pass), or
     *                null when it flaked all along
     */
    record Flaky(double rate, String builder, String since) implements TestTruth {
        @Override
        public Kind kind() {
            return Kind.FLAKY;
        }
    }

    /**
     * Fails every attempt of every run that contains the main-line revisions {@code revisions}: their
     * post-submit runs on every builder, and every run of the {@code changes} based on one of them.
     *
     * @param introduced the first failing revision
     * @param fixed      the revision after the last failing one (the fix), null if never fixed
     */
    record MainlineRegression(String job, String introduced, String fixed, List<String> revisions, List<String> changes)
            implements TestTruth {
        public MainlineRegression {
            revisions = List.copyOf(revisions);
            changes = List.copyOf(changes);
        }

        @Override
        public Kind kind() {
            return Kind.REGRESSION;
        }
    }

    /**
     * Fails every attempt of every run of the change's {@code patchsets}; later patchsets (a real
     * fix, not a trivial rebase) pass. An abandoned change breaks all its patchsets.
     */
    record ChangeRegression(String job, String change, List<String> patchsets, boolean merged) implements TestTruth {
        public ChangeRegression {
            patchsets = List.copyOf(patchsets);
        }

        @Override
        public Kind kind() {
            return Kind.REGRESSION;
        }
    }

    /**
     * Every test of {@code suite} (a Java package, one report file) fails every attempt of every run
     * of {@code job} on {@code builder} started in {@code [from, to)}.
     *
     * @param report the suite's report file name inside each run's folder
     */
    record BrokenEnvironment(String builder, String job, String suite, String report, Instant from, Instant to)
            implements TestTruth {
        @Override
        public Kind kind() {
            return Kind.BROKEN_ENV;
        }
    }
}
