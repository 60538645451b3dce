package io.flakelens.core.quarantine;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured marker: what it is called in which language, and which arguments hold the ticket,
 * the reason and the date it was muted since.
 *
 * <p>A name matches the written marker when it equals the written name's last components
 * ({@code Disabled} matches {@code org.junit.jupiter.api.Disabled}, {@code Skip} matches {@code t.Skip},
 * {@code mark.xfail} matches {@code pytest.mark.xfail} and {@code mark.xfail}); a {@code *} at the end
 * of the last component matches any rest of it ({@code DisabledIf*}). {@code when} (an argument and a
 * pattern it must contain) keeps markers that mean a mute only with some argument: {@code t.Skip}
 * mutes a flaky test when its message says so, not when it needs Docker.
 */
public record Marker(
        Language language,
        String name,
        List<ArgRef> ticket,
        List<ArgRef> reason,
        List<ArgRef> since,
        List<ArgRef> whenArg,
        Pattern when) {

    public Marker {
        ticket = List.copyOf(ticket);
        reason = List.copyOf(reason);
        since = List.copyOf(since);
        whenArg = List.copyOf(whenArg);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a marker needs a name");
        }
        if (when != null && whenArg.isEmpty()) {
            throw new IllegalArgumentException("marker " + name + ": a condition needs the argument it looks at");
        }
    }

    /** A marker from its textual spec: argument references as {@code "jira|0"}, the condition as a regex. */
    public static Marker of(
            Language language, String name, String ticket, String reason, String since, String whenArg, String when) {
        return new Marker(
                language,
                name,
                ArgRef.parse(ticket),
                ArgRef.parse(reason),
                ArgRef.parse(since),
                ArgRef.parse(whenArg),
                when == null || when.isBlank() ? null : Pattern.compile(when));
    }

    /** What the marker says about a call it matches. */
    record Mute(String marker, String ticket, String reason, String since) {}

    boolean named(String written) {
        String[] want = name.split("\\.");
        String[] have = written.split("\\.");
        if (language == Language.PYTHON) {
            have = dropPytest(have);
            want = dropPytest(want);
        }
        if (want.length > have.length) {
            return false;
        }
        int off = have.length - want.length;
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            String h = have[off + i];
            boolean last = i == want.length - 1;
            if (last && w.endsWith("*") ? !h.startsWith(w.substring(0, w.length() - 1)) : !w.equals(h)) {
                return false;
            }
        }
        return true;
    }

    private static String[] dropPytest(String[] parts) {
        return parts.length > 1 && parts[0].equals("pytest")
                ? java.util.Arrays.copyOfRange(parts, 1, parts.length)
                : parts;
    }

    /** The mute this call expresses, or empty when the call is not this marker (or its condition fails). */
    Optional<Mute> apply(Call call, Pattern ticketPattern) {
        if (!named(call.name())) {
            return Optional.empty();
        }
        if (when != null) {
            Call.Arg a = ArgRef.find(whenArg, call);
            if (a == null || !when.matcher(a.value()).find()) {
                return Optional.empty();
            }
        }
        String r = value(ArgRef.find(reason, call));
        String t = value(ArgRef.find(ticket, call));
        if (t == null && ticketPattern != null) {
            // the reason first, then any other argument: t.Skipf("quarantined: %s", "STORE-7")
            List<String> texts = new java.util.ArrayList<>();
            if (r != null) {
                texts.add(r);
            }
            call.args().forEach(a -> texts.add(a.value()));
            for (String text : texts) {
                var m = ticketPattern.matcher(text);
                if (m.find()) {
                    t = m.group();
                    break;
                }
            }
        }
        return Optional.of(new Mute(call.name(), t, r, value(ArgRef.find(since, call))));
    }

    private static String value(Call.Arg a) {
        return a == null || a.value().isBlank() ? null : a.value().strip();
    }
}
