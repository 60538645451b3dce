package io.flakelens.core.bugs;

/** What bug filing does for one group of flakes on this pass. */
public sealed interface Decision {
    FlakeGroup group();

    /** No bug tracks these flakes: look the marker up at the tracker, then create (or adopt what the lookup found). */
    record Create(FlakeGroup group) implements Decision {
        @Override
        public String verb() {
            return "create";
        }
    }

    /** An open bug tracks them and was last touched long enough ago: add a comment with the new occurrences. */
    record Update(FlakeGroup group, KnownBug bug) implements Decision {
        @Override
        public String verb() {
            return "update";
        }
    }

    /** Their bug was closed and the flake came back; the policy says reopen it (and comment). */
    record Reopen(FlakeGroup group, KnownBug bug) implements Decision {
        @Override
        public String verb() {
            return "reopen";
        }
    }

    /** Their bug was closed and the flake came back; the policy says file a new bug that links the old one. */
    record Refile(FlakeGroup group, KnownBug closed) implements Decision {
        @Override
        public String verb() {
            return "refile";
        }
    }

    /** Nothing this pass, and why (touched too recently, budget spent). */
    record Skip(FlakeGroup group, String reason) implements Decision {
        @Override
        public String verb() {
            return "skip";
        }
    }

    /** The plan's word for it: create, update, reopen, refile, skip. */
    String verb();
}
