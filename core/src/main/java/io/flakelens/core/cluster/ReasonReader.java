package io.flakelens.core.cluster;

/**
 * Reads a failure's {@link FailureReason} line by line, alongside {@link FeatureExtractor}:
 * <ul>
 * <li>a text that opens with an exception (a Java, Python or JavaScript trace) fails for that
 * exception: its type and its message with values masked; a headline without a message takes its
 * next line as the message (Hamcrest and AssertJ put the assertion there);</li>
 * <li>a Python traceback ends in its exception: the last line of the last traceback is the reason,
 * wherever the log around it starts;</li>
 * <li>any other text (a build-log chunk) fails for what its first telling line (one with a letter)
 * says, the names of code in it masked: a log chunk opens where the failure is reported.</li>
 * </ul>
 * The location is the first frame of the code under test above the first test frame (what the test
 * called; frames below it are the test's own callers), and the suite the first test frame's class; a reason read from a log line has neither (frames further down
 * belong to something else the log printed).
 */
final class ReasonReader {
    private boolean started;
    private boolean opensWithText;
    private String thrown;
    private boolean thrownNeedsMessage;
    private boolean inTraceback;
    private int framesSinceTraceback;
    private String traceback;
    private String firstLogLine;
    private String location;
    private String suite;

    void thrown(TraceLine.Thrown t) {
        open(false);
        if (thrown == null) {
            thrown = t.type() + ":" + (t.message().isBlank() ? "" : " " + FailureReason.maskValues(t.message()));
            thrownNeedsMessage = t.message().isBlank();
        } else {
            thrownNeedsMessage = false;
        }
        if (inTraceback && framesSinceTraceback > 0) {
            traceback = t.type() + ": " + FailureReason.maskValues(t.message());
            inTraceback = false;
        }
    }

    void frame(TraceLine.Frame f) {
        open(false);
        thrownNeedsMessage = false;
        framesSinceTraceback++;
        // frames below the first test frame are the test's callers (a harness, a pool), not code it ran
        if (f.kind() == FrameKind.CODE && location == null && suite == null) {
            location = f.name();
        } else if (f.kind() == FrameKind.TEST && suite == null) {
            suite = f.owner();
        }
    }

    void text(String raw, String masked) {
        open(true);
        if (thrownNeedsMessage) {
            thrown = thrown + " " + FailureReason.maskValues(FailureReason.logLine(raw));
            thrownNeedsMessage = false;
        }
        if (masked.startsWith("Traceback (most recent call last)")) {
            inTraceback = true;
            framesSinceTraceback = 0;
        }
        if (firstLogLine == null) {
            String l = FailureReason.logLine(raw);
            if (l.chars().anyMatch(Character::isLetter)) {
                firstLogLine = FailureReason.maskNames(l);
            }
        }
    }

    private void open(boolean text) {
        if (!started) {
            started = true;
            opensWithText = text;
        }
    }

    FailureReason reason() {
        if (traceback != null) {
            return FailureReason.of(traceback, location, suite);
        }
        if (thrown != null && !(opensWithText && firstLogLine != null)) {
            return FailureReason.of(thrown, location, suite);
        }
        return firstLogLine == null ? FailureReason.NONE : FailureReason.of(firstLogLine, "", "");
    }
}
