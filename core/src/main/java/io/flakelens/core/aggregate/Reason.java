package io.flakelens.core.aggregate;

/**
 * Why a test passed or failed the judgement: one variant per rule of {@link PayloadJudge}, in the
 * order the rules apply. Each says its verdict and a sentence a release engineer can act on.
 */
public sealed interface Reason {
    Verdict verdict();

    String text();

    /** Short machine name, stable for scripts (JUnit failure type, table column). */
    String code();

    /** Matched the configured always-pass list (an infrastructure step, say). */
    record AlwaysPass(String rule) implements Reason {
        public Verdict verdict() {
            return Verdict.PASS;
        }

        public String text() {
            return "always passes: matches --always-pass " + rule;
        }

        public String code() {
            return "always-pass";
        }
    }

    /** Neither passed nor failed in any run of the payload. */
    record DidNotRun(int skips) implements Reason {
        public Verdict verdict() {
            return Verdict.PASS;
        }

        public String text() {
            return "did not run (no pass or failure; " + skips + " skipped)";
        }

        public String code() {
            return "did-not-run";
        }
    }

    /** No passes and more skips than failures: probably meant to be skipped everywhere. */
    record ProbablySkipped(int failures, int skips) implements Reason {
        public Verdict verdict() {
            return Verdict.PASS;
        }

        public String text() {
            return "probably meant to skip: 0 passes, " + failures + " failed, " + skips + " skipped";
        }

        public String code() {
            return "probably-skipped";
        }
    }

    record InsufficientRuns(int attempts, int minAttempts) implements Reason {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String text() {
            return "insufficient runs: " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ", at least "
                    + minAttempts + " needed to judge";
        }

        public String code() {
            return "insufficient-runs";
        }
    }

    record NoPasses(int attempts) implements Reason {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String text() {
            return "no passes: failed in all " + attempts + " attempts";
        }

        public String code() {
            return "no-passes";
        }
    }

    /** Passed less often than its history allows: the payload probably regressed it. */
    record TooFewPasses(int passes, int attempts, int required, String history) implements Reason {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String text() {
            return "passed " + passes + " of " + attempts + ", " + required + " required (" + history + ")";
        }

        public String code() {
            return "too-few-passes";
        }
    }

    record EnoughPasses(int passes, int attempts, int required, String history) implements Reason {
        public Verdict verdict() {
            return Verdict.PASS;
        }

        public String text() {
            return "passed " + passes + " of " + attempts + ", " + required + " required (" + history + ")";
        }

        public String code() {
            return "enough-passes";
        }
    }
}
