package io.flakelens.core.tickets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tests and jobs a ticket's title and body name, each with the strength of the naming
 * ({@link Strength}), and answers for a test on a job which ticket tracks it best. Only the tests
 * and jobs it is given are looked for: the report's and the pass's, not every name ever seen.
 */
public final class TicketMatcher {
    /** A TestGrid link: the tab is the fragment ({@code #tab}) or the {@code tab=} query parameter. */
    static final Pattern TESTGRID = Pattern.compile(
            "https?://testgrid\\.[\\w.-]+/[^\\s#?)\\]>\"']*" + "(?:\\?([^\\s#)\\]>\"']*))?(?:#([^\\s&)\\]>\"']+))?");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Comparator<Match> BEST = Comparator.comparing(Match::strength)
            .thenComparing(m -> !m.ticket().open())
            .thenComparing(m -> -m.ticket().number());

    private final Set<String> tests;
    private final Set<String> jobs;
    private final Map<String, Match> byTest = new HashMap<>();
    private final Map<String, Match> byJob = new HashMap<>();

    /**
     * @param tests test ids ({@code suite::name}) and group keys to look for
     * @param jobs  job names to look for
     */
    public TicketMatcher(Collection<String> tests, Collection<String> jobs) {
        this.tests = new LinkedHashSet<>(tests);
        this.jobs = new LinkedHashSet<>(jobs);
    }

    /** Reads every ticket and keeps, per test and per job, the best match. */
    public TicketMatcher index(Collection<Ticket> tickets) {
        for (Ticket t : tickets) {
            for (Match m : matches(t)) {
                Map<String, Match> into = m.strength().testLevel() ? byTest : byJob;
                into.merge(m.target(), m, (a, b) -> BEST.compare(a, b) <= 0 ? a : b);
            }
        }
        return this;
    }

    /**
     * The ticket tracking {@code test} (or its group) on {@code job}: one naming the test outranks one
     * naming only the job.
     */
    public Optional<Match> best(String test, String group, String job) {
        List<Match> found = new ArrayList<>();
        for (String k : new String[] {test, group}) {
            if (k != null && byTest.containsKey(k)) {
                found.add(byTest.get(k));
            }
        }
        if (job != null && byJob.containsKey(job)) {
            found.add(byJob.get(job));
        }
        return found.stream().min(BEST);
    }

    /** Every test and job the ticket names, once each at its strongest. */
    public List<Match> matches(Ticket t) {
        String text = t.title() + "\n" + t.body();
        Map<String, Match> out = new HashMap<>();
        for (String id : tests) {
            Strength s = testStrength(text, id);
            if (s != null) {
                out.put(id, new Match(t, s, id));
            }
        }
        Set<String> tabs = testGridTabs(text);
        for (String job : jobs) {
            Strength s = tabs.contains(job) ? Strength.TESTGRID : namesJob(text, job) ? Strength.JOB_ONLY : null;
            if (s != null) {
                out.putIfAbsent("\u0000" + job, new Match(t, s, job));
            }
        }
        List<Match> list = new ArrayList<>(out.values());
        list.sort(BEST.thenComparing(Match::target));
        return list;
    }

    static Strength testStrength(String text, String id) {
        if (text.contains(id)) {
            return Strength.EXACT_ID;
        }
        int sep = id.indexOf("::");
        String suite = sep < 0 ? "" : id.substring(0, sep);
        String name = sep < 0 ? id : id.substring(sep + 2);
        // A descriptive name ("[sig-storage] mounts a volume") is unique as written; "test" is not.
        if (name.strip().contains(" ") && name.length() >= 12 && text.contains(name)) {
            return Strength.EXACT_ID;
        }
        String method = name.split("[\\[(]", 2)[0];
        String cls = suite.substring(Math.max(suite.lastIndexOf('.'), suite.lastIndexOf('$')) + 1);
        if (!IDENTIFIER.matcher(method).matches() || !IDENTIFIER.matcher(cls).matches()) {
            return null;
        }
        // most tickets do not mention most tests: look for the plain text before compiling a pattern
        if (!text.contains(cls + "." + method) && !text.contains(cls + "#" + method)) {
            return null;
        }
        Pattern p = Pattern.compile("(?<![\\w$])" + Pattern.quote(cls) + "[.#]" + Pattern.quote(method) + "(?![\\w$])");
        return p.matcher(text).find() ? Strength.CLASS_METHOD : null;
    }

    /**
     * A job named as a whole token. A name that is a plain word ({@code unit}, {@code ci}) is everyday
     * language, so it counts only in backticks.
     */
    static boolean namesJob(String text, String job) {
        if (job.isBlank() || !text.contains(job)) {
            return false;
        }
        if (job.matches("[A-Za-z]+")) {
            return text.contains("`" + job + "`");
        }
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(job) + "(?![\\w-]|\\.\\w)")
                .matcher(text)
                .find();
    }

    static Set<String> testGridTabs(String text) {
        Set<String> tabs = new LinkedHashSet<>();
        Matcher m = TESTGRID.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                for (String kv : m.group(1).split("&")) {
                    if (kv.startsWith("tab=") && kv.length() > 4) {
                        tabs.add(decode(kv.substring(4)));
                    }
                }
            }
            if (m.group(2) != null) {
                tabs.add(decode(m.group(2)));
            }
        }
        return tabs;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray % is kept as written
        }
    }
}
