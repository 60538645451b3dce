package io.flakelens.app.demo;

/**
 * The results of one run, compactly: per test of the run's job, its final state, how many attempts
 * failed, and why. The writer turns it into XML; the planner only asks {@link #failed()}.
 */
final class RunOutcome {
    static final byte PASS = 0;
    static final byte SKIP = 1;
    /** Failed, then passed on an in-run rerun. */
    static final byte FLAKY = 2;
    /** Failed every attempt it had. */
    static final byte FAIL = 3;

    static final byte NO_CAUSE = 0;
    static final byte FLAKE = 1;
    static final byte BREAKAGE = 2;
    static final byte ENVIRONMENT = 3;
    static final byte INFRA = 4;

    /** First test index of the job; arrays are indexed by {@code test - from}. */
    final int from;

    final byte[] state;
    final byte[] fails;
    final byte[] cause;
    final int[] millis;

    RunOutcome(int from, int to) {
        this.from = from;
        int n = to - from;
        state = new byte[n];
        fails = new byte[n];
        cause = new byte[n];
        millis = new int[n];
    }

    boolean failed() {
        for (byte s : state) {
            if (s == FAIL) {
                return true;
            }
        }
        return false;
    }

    int results() {
        return state.length;
    }

    /** Attempts in the run: each result once, plus every rerun. */
    long attempts() {
        long n = 0;
        for (int i = 0; i < state.length; i++) {
            n += state[i] == FLAKY ? fails[i] + 1 : Math.max(1, fails[i]);
        }
        return n;
    }
}
