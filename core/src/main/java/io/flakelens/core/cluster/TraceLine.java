package io.flakelens.core.cluster;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one line of a failure text is: a thrown exception (with its message), a stack frame, or
 * any other text. Java, Python, JavaScript and Go traces are recognised; anything else is text.
 */
sealed interface TraceLine {
    /** {@code type: message}, the headline of a Java or Python failure or a {@code Caused by:} line. */
    record Thrown(String type, String message, boolean cause) implements TraceLine {}

    /** One frame: {@code owner} is a class (Java) or a file name (Python, JavaScript, Go). */
    record Frame(String owner, String method, String location, FrameKind kind) implements TraceLine {
        String name() {
            return method.isEmpty() ? owner : owner + "." + method;
        }
    }

    /** Any other line, masked. */
    record Text(String masked) implements TraceLine {}

    /** Python: {@code File "/build/test/testlib.py", line 230, in wait_present}. */
    Pattern PYTHON_FRAME = Pattern.compile("^\\s*File \"([^\"]*)\", line (\\d+), in (\\S+)\\s*$");
    /** JavaScript (V8): {@code at Object.fn (/src/app.js:12:5)} or {@code at /src/app.js:12:5}. */
    Pattern JS_FRAME = Pattern.compile("^\\s*at (?:(?:new )?([^\\s(]+) )?\\(?([^()\\s]+?):(\\d+):(\\d+)\\)?\\s*$");
    /** Go: {@code \t/home/u/src/pkg/file.go:123 +0x1d}; the function is on the line before. */
    Pattern GO_FRAME = Pattern.compile("^\\s+(\\S+\\.go):(\\d+)(?: \\+0x[0-9a-f]+)?\\s*$");
    /**
     * An exception headline: a type name, then {@code :} and the message or nothing. A Caused-by
     * line or a first line may name any type; elsewhere the name must end like an exception's, so
     * that log lines such as {@code Note: restarting} stay text.
     */
    Pattern THROWN = Pattern.compile("^\\s*(Caused by: |Suppressed: )?([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)$");

    Pattern EXCEPTION_NAME =
            Pattern.compile(".*(?:Exception|Error|Failure|Throwable|Exit|Interrupt|Fault|Panic|Different)$");

    static TraceLine read(String line, boolean first) {
        int lead = 0;
        while (lead < line.length() && Character.isWhitespace(line.charAt(lead))) {
            lead++;
        }
        if (line.startsWith("at ", lead)) {
            Frame f = javaFrame(line, lead + 3);
            if (f != null) {
                return f;
            }
            Matcher m = JS_FRAME.matcher(line);
            if (m.matches()) {
                String file = m.group(2);
                return new Frame(
                        fileName(file), m.group(1) == null ? "" : m.group(1), m.group(3), FrameKind.ofFile(file));
            }
        }
        if (line.startsWith("File \"", lead)) {
            Matcher m = PYTHON_FRAME.matcher(line);
            if (m.matches()) {
                String file = m.group(1);
                return new Frame(fileName(file), m.group(3), m.group(2), FrameKind.ofFile(file));
            }
        }
        if (line.indexOf(".go:") >= 0) {
            Matcher m = GO_FRAME.matcher(line);
            if (m.matches()) {
                return new Frame(fileName(m.group(1)), "", m.group(2), FrameKind.ofFile(m.group(1)));
            }
        }
        int prefix = line.startsWith("Caused by: ", lead)
                ? lead + 11
                : line.startsWith("Suppressed: ", lead) ? lead + 12 : 0;
        int colon = line.indexOf(':', prefix);
        if (line.length() < 2_000
                && (colon > 0 || first || prefix > 0)
                && plausibleType(line, lead, colon > 0 ? colon : line.length())) {
            Matcher m = THROWN.matcher(colon > 0 ? line.substring(0, colon) : line);
            if (m.matches()) {
                String type = m.group(2);
                boolean cause = m.group(1) != null;
                boolean qualified = type.indexOf('.') > 0;
                if (cause
                        || (first && qualified)
                        || EXCEPTION_NAME.matcher(type).matches()) {
                    String message = colon > 0 ? line.substring(colon + 1).strip() : "";
                    return new Thrown(type, Masks.mask(message), cause);
                }
            }
        }
        return new Text(Masks.mask(line.strip()));
    }

    /**
     * Java: {@code at java.base/java.lang.Thread.run(Thread.java:833)}, module prefix optional,
     * anything after the closing parenthesis (logback's {@code ~[jar]}) ignored. Parsed by hand: a
     * regex with the module prefix backtracks badly on long names.
     */
    private static Frame javaFrame(String line, int from) {
        int open = line.indexOf('(', from);
        if (open < 0) {
            return null;
        }
        int close = line.indexOf(')', open);
        if (close < 0) {
            return null;
        }
        String qualified = line.substring(from, open).strip();
        // a module or class loader prefix (java.base/, app//) goes; a lambda's /0x... suffix is part of the name
        int lambda = qualified.indexOf("$$Lambda");
        int slash = qualified.lastIndexOf('/', lambda < 0 ? qualified.length() : lambda);
        if (slash >= 0) {
            qualified = qualified.substring(slash + 1);
        }
        int lastDot = qualified.lastIndexOf('.');
        if (lastDot > 0 && FrameKind.ofClass(qualified.substring(0, lastDot)) == FrameKind.RUNNER) {
            // runner frames only ever serve as a throw site: no masking, no validation
            return new Frame(qualified.substring(0, lastDot), qualified.substring(lastDot + 1), "", FrameKind.RUNNER);
        }
        qualified = syntheticNumbers(qualified);
        int dot = qualified.lastIndexOf('.');
        if (qualified.indexOf('(') >= 0 || dot <= 0 || dot == qualified.length() - 1) {
            return null;
        }
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == '<' || c == '>' || c == '-' || c == '/')) {
                return null;
            }
        }
        String owner = qualified.substring(0, dot);
        String method = qualified.substring(dot + 1);
        FrameKind kind = FrameKind.ofClass(owner);
        if (kind == FrameKind.TEST) {
            // numbered sibling tests (test1, test2; testBug2849731_2, _3; testWeek_2010, _2011) are one
            // test written several times over, and fail alike
            method = digitRuns(method);
        }
        return new Frame(owner, method, line.substring(open + 1, close), kind);
    }

    private static String digitRuns(String name) {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isDigit(c)) {
                if (out == null) {
                    out = new StringBuilder(name.length()).append(name, 0, i);
                }
                if (i == 0 || !Character.isDigit(name.charAt(i - 1))) {
                    out.append("<n>");
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? name : out.toString();
    }

    /**
     * The numbers a compiler or a proxy generator puts in a name (anonymous classes {@code Foo$1},
     * lambdas {@code Foo$$Lambda$14/0x0000000800066840}, {@code $$EnhancerBySpringCGLIB$$3f2a91c}):
     * they differ between builds of the same code, so they become {@code <n>}. Digits a person wrote
     * ({@code Http2Client}, {@code e2e}, {@code math3}) are part of the name and stay: masking them
     * would make {@code Sha1Digest} and {@code Sha256Digest} one frame.
     */
    static String syntheticNumbers(String name) {
        if (name.indexOf('$') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        int n = name.length();
        int i = 0;
        while (i < n) {
            char c = name.charAt(i);
            out.append(c);
            i++;
            if (c != '$') {
                continue;
            }
            int end = i;
            boolean digit = false;
            while (end < n && isHexDigit(name.charAt(end))) {
                digit |= Character.isDigit(name.charAt(end));
                end++;
            }
            boolean segmentEnds =
                    end == n || name.charAt(end) == '$' || name.charAt(end) == '.' || name.charAt(end) == '/';
            if (digit && end > i && segmentEnds) {
                out.append("<n>");
                i = end;
            }
            // a hidden class's address: Foo$$Lambda$14/0x0000000800066840
            if (i + 2 < n && name.charAt(i) == '/' && name.charAt(i + 1) == '0' && name.charAt(i + 2) == 'x') {
                int e = i + 3;
                while (e < n && isHexDigit(name.charAt(e))) {
                    e++;
                }
                i = e;
            }
        }
        return out.toString();
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** No space before the colon except in {@code Caused by: }: cheaper than the regex for log lines. */
    private static boolean plausibleType(String line, int from, int to) {
        if (line.startsWith("Caused by: ", from) || line.startsWith("Suppressed: ", from)) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (line.charAt(i) == ' ') {
                return false;
            }
        }
        return to > from;
    }

    /** The file name without its directories, which differ between machines. */
    static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1).toLowerCase(Locale.ROOT);
    }
}
