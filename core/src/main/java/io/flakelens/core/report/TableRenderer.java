package io.flakelens.core.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Table} as aligned text, CSV (RFC 4180), Emacs org, GitHub markdown or a
 * self-contained HTML table. Values print with {@code toString}; nulls print empty.
 */
public final class TableRenderer {
    private TableRenderer() {}

    public static String render(Table t, OutputFormat f) {
        return switch (f) {
            case TABLE -> text(t);
            case CSV -> csv(t);
            case ORG -> pipes(t, "|-", "-+-", "-|");
            case MD -> pipes(t, "|-", "-|-", "-|");
            case HTML -> html(t);
            case JSON -> throw new IllegalArgumentException("JSON is written from records, not tables");
        };
    }

    private static String cell(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        return o.toString();
    }

    private static List<List<String>> cells(Table t) {
        List<List<String>> out = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            out.add(r.stream().map(TableRenderer::cell).toList());
        }
        return out;
    }

    private static int[] widths(Table t, List<List<String>> rows) {
        int[] w = new int[t.columns().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = t.columns().get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        return w;
    }

    private static String text(Table t) {
        List<List<String>> rows = cells(t);
        int[] w = widths(t, rows);
        StringBuilder sb = new StringBuilder();
        line(sb, t.columns(), w, "  ", "", "");
        for (List<String> r : rows) {
            line(sb, r, w, "  ", "", "");
        }
        return sb.toString();
    }

    private static String pipes(Table t, String left, String mid, String right) {
        List<List<String>> rows = cells(t);
        List<String> head = t.columns();
        List<List<String>> escaped = rows.stream()
                .map(r -> r.stream().map(s -> s.replace("|", "\\|")).toList())
                .toList();
        int[] w = widths(t, escaped);
        StringBuilder sb = new StringBuilder();
        line(sb, head, w, " | ", "| ", " |");
        sb.append(left);
        for (int i = 0; i < w.length; i++) {
            sb.append("-".repeat(w[i])).append(i + 1 < w.length ? mid : right);
        }
        sb.append('\n');
        for (List<String> r : escaped) {
            line(sb, r, w, " | ", "| ", " |");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w, String sep, String open, String close) {
        sb.append(open);
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            sb.append(c);
            if (i + 1 < w.length || !close.isEmpty()) {
                sb.append(" ".repeat(w[i] - c.length()));
            }
            if (i + 1 < w.length) {
                sb.append(sep);
            }
        }
        sb.append(close);
        // trailing blanks of the plain table help no one
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String csv(Table t) {
        StringBuilder sb = new StringBuilder();
        csvLine(sb, t.columns());
        for (List<String> r : cells(t)) {
            csvLine(sb, r);
        }
        return sb.toString();
    }

    private static void csvLine(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            sb.append(c);
            if (i + 1 < cells.size()) {
                sb.append(',');
            }
        }
        sb.append("\r\n");
    }

    private static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
        for (String c : t.columns()) {
            sb.append("<th>").append(escape(c)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : cells(t)) {
            sb.append("<tr>");
            for (String c : r) {
                sb.append("<td>").append(escape(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
