package io.flakelens.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one-line baseline (the idea of LUCI Analysis' failure-reason clusters): a failure's first line,
 * stripped, with quoted strings and digit runs masked; equal lines are one cluster.
 */
final class MaskedFirstLine {
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private MaskedFirstLine() {}

    static int[] cluster(List<String> texts) {
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            String t = texts.get(i);
            int nl = t.indexOf('\n');
            String first = (nl < 0 ? t : t.substring(0, nl)).strip();
            String key =
                    DIGITS.matcher(QUOTED.matcher(first).replaceAll("<str>")).replaceAll("<n>");
            out[i] = ids.computeIfAbsent(key, k -> ids.size());
        }
        return out;
    }
}
