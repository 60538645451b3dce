package io.flakelens.app.bugs;

import java.util.regex.Pattern;

/**
 * Bug texts are written in GitHub markdown; Jira's v2 API takes its wiki markup. This rewrites the
 * few constructs bug texts use: headings, tables (a header row, a separator line), links, inline
 * code, {@code <br>} in cells and rules. Anything else passes through as text.
 */
final class JiraText {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6}) (.*)$");
    private static final Pattern SEPARATOR = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\[]*)\\]\\((https?://[^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");

    private JiraText() {}

    static String of(String markdown) {
        String[] lines = markdown.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            var h = HEADING.matcher(line);
            if (h.matches()) {
                line = "h" + h.group(1).length() + ". " + h.group(2);
            } else if (SEPARATOR.matcher(line).matches()) {
                continue;
            } else if (line.equals("---")) {
                line = "----";
            } else if (line.startsWith("|")
                    && i + 1 < lines.length
                    && SEPARATOR.matcher(lines[i + 1]).matches()) {
                String cells = line.replaceAll("[|\\s]", "");
                if (cells.isEmpty()) {
                    i++; // a header of empty cells says nothing
                    continue;
                }
                line = line.replaceAll("(?<!\\\\)\\|", "||");
            }
            line = LINK.matcher(line)
                    .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                            "[" + m.group(1).replace("|", " ") + "|" + m.group(2) + "]"));
            line = CODE.matcher(line)
                    .replaceAll(m -> java.util.regex.Matcher.quoteReplacement("{{" + m.group(1) + "}}"));
            line = line.replace("<br>", " \\\\ ");
            sb.append(line);
            if (i + 1 < lines.length) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
