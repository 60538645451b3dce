package io.flakelens.core.cluster;

import io.flakelens.core.model.StableHash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a failure text into {@link Features}. Role weights encode where the signal is: the
 * exception type and the message template say what went wrong, the first frames of the code under
 * test say where; test frames say less, runner frames nothing (they are dropped), log lines a
 * little each. Rarity is applied later ({@link FeatureWeights}): this class only knows kinds.
 */
final class FeatureExtractor {
    static final float HEADLINE_TYPE = 3f;
    static final float CAUSE_TYPE = 2f;
    static final float MESSAGE = 2f;
    static final float WORD = 0.3f;
    static final float THROW_SITE = 1f;
    static final float CODE_FRAME = 2f;
    static final float TEST_FRAME = 1f;
    static final float TOP_FRAME_LINE = 1f;
    static final float LOG_LINE = 1f;
    /** Frames past the twelfth of the code under test add little but noise. */
    static final int MAX_FRAMES = 12;

    static final int MAX_WORDS = 32;

    private FeatureExtractor() {}

    static Features extract(String text) {
        if (text == null || text.isBlank()) {
            return Features.EMPTY;
        }
        Map<Long, Float> roles = new HashMap<>();
        String headline = null;
        // what a person reads first: the first exception, else the first line that is not a banner
        String thrown = null;
        String plain = null;
        String site = null;
        String testSite = null;
        ReasonReader reason = new ReasonReader();
        boolean afterThrown = false;
        int frames = 0;
        int words = 0;
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            String raw = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            int lead = 0;
            while (lead < raw.length() && Character.isWhitespace(raw.charAt(lead))) {
                lead++;
            }
            if (lead == raw.length() || raw.startsWith("...", lead)) {
                continue;
            }
            // past the frames that count, a frame can only matter as a throw site
            if (frames >= MAX_FRAMES && !afterThrown && raw.startsWith("at ", lead)) {
                continue;
            }
            TraceLine line = TraceLine.read(raw, headline == null);
            if (line instanceof TraceLine.Thrown t) {
                reason.thrown(t);
                add(roles, "T" + t.type(), headline == null ? HEADLINE_TYPE : CAUSE_TYPE);
                if (!t.message().isBlank()) {
                    add(roles, "M" + t.message(), MESSAGE);
                    words += words(roles, t.message(), MAX_WORDS - words);
                }
                String line1 = t.message().isBlank() ? t.type() : t.type() + ": " + t.message();
                if (headline == null) {
                    headline = line1;
                }
                if (thrown == null) {
                    thrown = line1;
                }
                afterThrown = true;
            } else if (line instanceof TraceLine.Frame f) {
                reason.frame(f);
                if (afterThrown) {
                    add(roles, "S" + f.name(), THROW_SITE);
                    afterThrown = false;
                }
                if (f.kind() == FrameKind.RUNNER || frames >= MAX_FRAMES) {
                    continue;
                }
                float base = f.kind() == FrameKind.CODE ? CODE_FRAME : TEST_FRAME;
                add(roles, "F" + f.name(), base / (1f + 0.5f * frames));
                if (frames == 0) {
                    add(roles, "P" + f.name() + ":" + f.location(), TOP_FRAME_LINE);
                }
                frames++;
                if (f.kind() == FrameKind.CODE && site == null) {
                    site = f.name();
                } else if (f.kind() == FrameKind.TEST && testSite == null) {
                    testSite = f.name();
                }
            } else if (line instanceof TraceLine.Text x) {
                if (x.masked().isEmpty()) {
                    continue;
                }
                reason.text(raw, x.masked());
                if (plain == null && !banner(x.masked())) {
                    plain = x.masked();
                }
                if (headline == null) {
                    headline = x.masked();
                    add(roles, "M" + x.masked(), MESSAGE);
                    words += words(roles, x.masked(), MAX_WORDS - words);
                } else {
                    add(roles, "L" + x.masked(), LOG_LINE);
                }
            }
        }
        long[] keys = new long[roles.size()];
        int i = 0;
        for (Long k : roles.keySet()) {
            keys[i++] = k;
        }
        Arrays.sort(keys);
        float[] r = new float[keys.length];
        for (i = 0; i < keys.length; i++) {
            r[i] = roles.get(keys[i]);
        }
        String display = thrown != null ? thrown : plain != null ? plain : headline;
        return new Features(
                keys,
                r,
                display == null ? "" : display,
                site != null ? site : testSite != null ? testSite : "",
                reason.reason());
    }

    /** {@code # -----} rules and other lines without a letter or digit, or starting with a comment sign. */
    private static boolean banner(String line) {
        if (line.startsWith("#") || line.startsWith("=") || line.startsWith("-")) {
            return true;
        }
        for (int i = 0; i < line.length(); i++) {
            if (Character.isLetterOrDigit(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void add(Map<Long, Float> roles, String feature, float role) {
        roles.merge(StableHash.of(feature), role, Math::max);
    }

    /** Words of three letters or more of a masked message, placeholders left out. */
    private static int words(Map<Long, Float> roles, String message, int budget) {
        int added = 0;
        int i = 0;
        int n = message.length();
        while (i < n && added < budget) {
            char c = message.charAt(i);
            if (c == '<') {
                int close = message.indexOf('>', i);
                if (close > i && close - i < 8) {
                    i = close + 1;
                    continue;
                }
            }
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && Character.isLetter(message.charAt(i))) {
                i++;
            }
            if (i - s >= 3) {
                add(roles, "W" + message.substring(s, i).toLowerCase(Locale.ROOT), WORD);
                added++;
            }
        }
        return added;
    }
}
