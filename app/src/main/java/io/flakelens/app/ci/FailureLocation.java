package io.flakelens.app.ci;

import io.flakelens.core.model.TestId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a failure points in the source, from what the report says: its {@code file} attribute and
 * the first stack frame or message line that names that file with a line number. Without a file
 * attribute, a Java frame of the test's own class gives both ({@code FooTest.java:42}, the path
 * made from the class's package), and a Python or Go line ({@code tests/test_x.py:12:},
 * {@code foo_test.go:42:}) gives both too.
 */
final class FailureLocation {
    record Location(String file, int line) {}

    private static final Pattern JAVA_FRAME =
            Pattern.compile("at ([\\w$.]+)\\.[\\w$<>]+\\(([\\w$]+\\.(?:java|kt|groovy|scala)):(\\d+)\\)");
    private static final Pattern SCRIPT_LINE =
            Pattern.compile("(?m)^\\s*([\\w./-]+\\.(?:py|go|js|ts|jsx|tsx|rb)):(\\d+)(?::\\d+)?:");

    private FailureLocation() {}

    static Location find(TestId id, String file, String detail) {
        String text = detail == null ? "" : detail;
        if (file != null && !file.isBlank()) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            Matcher m = Pattern.compile(Pattern.quote(base) + "(?:\", line |:)(\\d+)")
                    .matcher(text);
            return new Location(file, m.find() ? Integer.parseInt(m.group(1)) : 0);
        }
        Matcher j = JAVA_FRAME.matcher(text);
        while (j.find()) {
            String cls = j.group(1);
            String outer = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;
            String suite = id.suite().contains("$")
                    ? id.suite().substring(0, id.suite().indexOf('$'))
                    : id.suite();
            if (outer.equals(suite)) {
                String pkg = outer.contains(".")
                        ? outer.substring(0, outer.lastIndexOf('.')).replace('.', '/') + "/"
                        : "";
                return new Location(pkg + j.group(2), Integer.parseInt(j.group(3)));
            }
        }
        Matcher s = SCRIPT_LINE.matcher(text);
        if (s.find()) {
            return new Location(s.group(1), Integer.parseInt(s.group(2)));
        }
        return new Location(null, 0);
    }
}
