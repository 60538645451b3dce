package io.flakelens.core.detect;

/**
 * Why an occurrence counts as a flake (docs/design.md, "Flake evidence"). When one failure qualifies
 * under several kinds it is recorded once, under the first in this order: the strongest evidence.
 */
public enum EvidenceKind {
    /** A change's run was failed by the test, and an equivalent run of the same change passed it. */
    FALSE_REJECTION("false-rejection"),
    /** Two runs of the same code on the same builder disagree (presubmit run retries, post-submit reruns). */
    SAME_CODE("same-code"),
    /** On one job and builder over consecutive revisions: pass, fail, pass, and the fail was not the revision's verdict. */
    FLIP("flip"),
    /** The test failed on the code of a change that was merged anyway while another builder passed that code. */
    MERGED_FAILURE("merged-failure"),
    /** Failed and then passed on a retry inside one run. */
    RETRY("retry");

    private final String label;

    EvidenceKind(String label) {
        this.label = label;
    }

    /** The stable name in the store, the JSON output and the docs. */
    public String label() {
        return label;
    }

    public static EvidenceKind ofLabel(String label) {
        for (EvidenceKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown evidence kind " + label);
    }
}
