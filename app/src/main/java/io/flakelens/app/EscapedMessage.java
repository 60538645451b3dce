package io.flakelens.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %safemsg} of logback.xml: a log message with its line breaks and other control
 * characters written as escapes, so that a value from outside (a path, a test name, a store's error
 * about them) can never start a line of its own that looks like the server's.
 */
public final class EscapedMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return escape(event.getFormattedMessage());
    }

    /** {@code \r}, {@code \n}, {@code \t} and a backslash as in Java; other controls and line separators as \\uXXXX. */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default ->
                    c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029
                            ? String.format("\\u%04x", (int) c)
                            : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
