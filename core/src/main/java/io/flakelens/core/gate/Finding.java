package io.flakelens.core.gate;

import io.flakelens.core.quarantine.MutedTest;

/** What the gate found out about one failure, before the policy decides whether it may pass. */
public sealed interface Finding {
    /** The label in every output: {@code known-flake}, {@code muted}, ... */
    String label();

    /** The history shows the test flaky. */
    record KnownFlake(TestEvidence evidence) implements Finding {
        @Override
        public String label() {
            return "known-flake";
        }
    }

    /** A marker in the source mutes the test. */
    record Muted(MutedTest mute, String repo) implements Finding {
        @Override
        public String label() {
            return "muted";
        }
    }

    /** No history against it, and the flake model calls the failure probably flaky. */
    record ProbablyFlaky(double probability) implements Finding {
        @Override
        public String label() {
            return "probably-flaky";
        }
    }

    /** Every main-line run of its latest revisions failed it: the code is broken, whatever else it did. */
    record FailingOnMain(TestEvidence evidence) implements Finding {
        @Override
        public String label() {
            return "failing-on-main";
        }
    }

    /** Nothing says it is a flake. */
    record New(Double probability) implements Finding {
        @Override
        public String label() {
            return "new";
        }
    }
}
