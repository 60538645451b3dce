package io.flakelens.app.bugs;

import io.flakelens.app.config.BugsConfig;
import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.core.bugs.BugRef;
import io.flakelens.core.bugs.BugText;
import io.flakelens.core.bugs.BugTracker;
import io.flakelens.core.bugs.Decision;
import io.flakelens.core.bugs.FilingPlanner;
import io.flakelens.core.bugs.FilingPolicy;
import io.flakelens.core.bugs.FlakeActivity;
import io.flakelens.core.bugs.FlakeGroup;
import io.flakelens.core.bugs.KnownBug;
import io.flakelens.core.bugs.Occurrence;
import io.flakelens.core.bugs.Qualification;
import io.flakelens.core.detect.FlakeScore;
import io.flakelens.core.model.TestId;
import io.flakelens.core.owner.Owner;
import io.flakelens.core.owner.Subject;
import io.flakelens.core.tickets.Match;
import io.flakelens.core.tickets.Ticket;
import io.flakelens.core.tickets.TicketMatcher;
import io.flakelens.store.Database;
import io.flakelens.store.bugs.BugStore;
import io.flakelens.store.bugs.FlakeActivityQuery;
import io.flakelens.store.bugs.StoredBug;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pass of bug filing as of {@code now}: recent activity -> qualifying flakes -> groups ->
 * decisions (core) -> tracker calls and store writes (here), worst flake first. A dry run decides
 * the same way from what the store knows and calls and writes nothing.
 */
public final class BugSync {
    /** Fault injection for the crash test: {@code -Dflakelens.fault=after-create} halts the JVM right
     * after the tracker created a bug and before the store records it. */
    static final String FAULT = "flakelens.fault";

    /** One line of the outcome: what was (or would be) done, to which bug, for which flakes, and why. */
    public record Line(String action, String bug, List<String> flakes, long score, String note) {}

    public record Outcome(boolean dryRun, Instant now, long qualifying, List<Line> lines, List<String> errors) {
        public long count(String action) {
            return lines.stream().filter(l -> l.action().equals(action)).count();
        }
    }

    private final Database db;
    private final FlakelensConfig cfg;
    private final BugTracker tracker;
    private final Clock wall;

    /** {@code tracker} null means a dry run; {@code wall} stamps intents (real time even when replaying). */
    public BugSync(Database db, FlakelensConfig cfg, BugTracker tracker, Clock wall) {
        this.db = db;
        this.cfg = cfg;
        this.tracker = tracker;
        this.wall = wall;
    }

    public Outcome run(Instant now) {
        BugsConfig bc = cfg.bugs();
        FilingPolicy policy = bc.policy();
        boolean dry = tracker == null;
        List<FlakeActivity> qualifying = new ArrayList<>();
        for (FlakeActivity a : new FlakeActivityQuery(db).activity(now.minus(policy.window()), now)) {
            if (Qualification.of(a, policy, now).qualifies()) {
                qualifying.add(a);
            }
        }
        List<FlakeGroup> groups = FlakeGroup.of(qualifying, FlakeScore.findit());
        BugStore store = new BugStore(db);
        String repo = repo();
        List<String> errors = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        if (!dry) {
            recover(store, repo, now, lines, errors);
            refreshStates(store, repo, qualifying, errors);
        }
        // a dry run without a repository still sees the bugs of every repository in the store
        Map<String, StoredBug> latest = store.latestByFlake(cfg.bugs().where());
        Map<String, KnownBug> known = new HashMap<>();
        latest.forEach((f, b) -> known.put(f, new KnownBug(b.ref(), b.createdAt(), b.touchedAt())));
        Map<String, Match> handFiled = new HashMap<>();
        if (!dry) {
            groups = adoptTickets(groups, known, handFiled, now, lines, errors);
        }
        long used = store.actions(now.minus(policy.actionsWindow()), now);
        List<Decision> plan = new FilingPlanner(policy).plan(groups, known, used, now);
        BugText text = new BugText(bc.dashboard());
        Map<String, BugStore.Intent> intents = dry ? Map.of() : store.intents();
        for (Decision d : plan) {
            FlakeGroup g = d.group();
            if (d instanceof Decision.Skip s) {
                lines.add(line("skip", latest.get(g.flakes().get(0)), g, s.reason()));
                continue;
            }
            if (dry) {
                lines.add(line(d.verb(), bugOf(d), g, "dry run: " + text.title(g)));
                continue;
            }
            try {
                Match ticket = handFiled.get(bugOf(d) == null ? "" : bugOf(d).id());
                lines.add(
                        ticket != null && !(d instanceof Decision.Refile)
                                ? onTicket(d, ticket, g, store, text, now, repo)
                                : execute(d, g, store, text, intents, now, repo));
            } catch (RuntimeException e) {
                errors.add(d.verb() + " for " + g.flakes().get(0) + ": " + e.getMessage());
                lines.add(line("error", bugOf(d), g, e.getMessage()));
            }
        }
        return new Outcome(dry, now, qualifying.size(), lines, errors);
    }

    private String repo() {
        return cfg.bugs().where() == null ? "(none)" : cfg.bugs().where();
    }

    private String trackerKind() {
        return cfg.bugs().tracker() == null ? "github" : cfg.bugs().tracker();
    }

    /**
     * A flake nobody filed through Flakelens may have a ticket people filed: one naming one of its
     * tests (exact id or Class.method; a ticket naming only a job is too loose to comment on). An open
     * one becomes the flake's bug, so the pass comments on it instead of filing; a fixed one whose
     * flake came back after it was closed is reopened (or, with {@code closed_bugs: new}, linked from a
     * new bug); a fixed one with no occurrence since its close leaves the flake alone.
     *
     * @return the groups left to plan
     */
    private List<FlakeGroup> adoptTickets(
            List<FlakeGroup> groups,
            Map<String, KnownBug> known,
            Map<String, Match> handFiled,
            Instant now,
            List<Line> lines,
            List<String> errors) {
        List<FlakeGroup> unfiled = groups.stream()
                .filter(g -> g.flakes().stream().noneMatch(known::containsKey))
                .toList();
        if (unfiled.isEmpty()) {
            return groups;
        }
        List<Ticket> tickets;
        try {
            tickets = tracker.flakeTickets(cfg.bugs().tickets(), now);
        } catch (RuntimeException e) {
            // Filing now could duplicate a ticket people filed: new bugs wait for a pass that can read them.
            errors.add("cannot read the flake tickets at " + tracker.name() + ": " + e.getMessage());
            for (FlakeGroup g : unfiled) {
                lines.add(new Line(
                        "skip",
                        "",
                        g.flakes(),
                        g.score(),
                        "no new bug while the flake tickets cannot be read (one may track it already)"));
            }
            return groups.stream().filter(g -> !unfiled.contains(g)).toList();
        }
        Set<String> tests = new TreeSet<>();
        unfiled.forEach(g -> {
            tests.addAll(g.flakes());
            tests.addAll(g.tests());
        });
        TicketMatcher matcher = new TicketMatcher(tests, List.of()).index(tickets);
        List<FlakeGroup> out = new ArrayList<>();
        for (FlakeGroup g : groups) {
            Optional<Match> best = unfiled.contains(g) ? bestTicket(matcher, g) : Optional.empty();
            if (best.isEmpty()) {
                out.add(g);
                continue;
            }
            Ticket t = best.get().ticket();
            Instant last = g.occurrences().get(g.occurrences().size() - 1).at();
            if (!t.open() && !last.isAfter(t.closedAt())) {
                lines.add(new Line(
                        "skip",
                        t.url(),
                        g.flakes(),
                        g.score(),
                        t.key() + " was fixed at " + t.closedAt() + " and the flake has not come back since"));
                continue;
            }
            BugRef ref = new BugRef(t.id(), t.number(), t.url(), t.open() ? "open" : "closed");
            // never touched by Flakelens: the first comment is due now
            KnownBug bug = new KnownBug(ref, Instant.EPOCH, Instant.EPOCH);
            g.flakes().forEach(f -> known.put(f, bug));
            handFiled.put(t.id(), best.get());
            out.add(g);
        }
        return out;
    }

    private static Optional<Match> bestTicket(TicketMatcher matcher, FlakeGroup g) {
        List<Match> found = new ArrayList<>();
        for (Occurrence o : g.occurrences()) {
            matcher.best(o.test(), o.flake(), null).ifPresent(found::add);
        }
        return found.stream()
                .min(java.util.Comparator.comparing(Match::strength)
                        .thenComparing(m -> !m.ticket().open())
                        .thenComparing(m -> -m.ticket().number()));
    }

    /**
     * Carries out an update or reopen on a hand-filed ticket, then records it as the flake's bug so
     * later passes update it at most once per {@code update_every}. As with Flakelens's own bugs the
     * tracker is called before the store is written: a crash in between repeats the comment once.
     */
    private Line onTicket(Decision d, Match m, FlakeGroup g, BugStore store, BugText text, Instant now, String repo) {
        Ticket t = m.ticket();
        List<String> owners = owners(g);
        BugRef ref = bugOf(d);
        String action;
        if (d instanceof Decision.Reopen) {
            ref = tracker.reopen(t.number());
            tracker.comment(t.number(), text.update(g, owners, now, t.closedAt(), true));
            action = "reopen";
        } else {
            tracker.comment(t.number(), text.adopted(g, owners, now));
            action = "update";
        }
        store.record(trackerKind(), repo, ref, t.title(), g.marker(), now, now, g.flakes(), action, now);
        return line(
                action,
                ref,
                g,
                (action.equals("reopen")
                                ? "the flake came back after " + t.key() + " was fixed: reopened and commented"
                                : "commented on the hand-filed " + t.key() + " instead of filing a bug")
                        + " (it names the test by " + m.strength().label() + ")");
    }

    /**
     * Creates a crash may have left unrecorded, whether or not their flakes still qualify: a bug the
     * marker finds is recorded as the create it was; an intent older than a day that finds nothing
     * never reached the tracker (the search index has long caught up) and is dropped.
     */
    private void recover(BugStore store, String repo, Instant now, List<Line> lines, List<String> errors) {
        for (BugStore.Intent i : store.intents().values()) {
            try {
                Optional<BugRef> found = tracker.find(i.marker(), i.startedAt(), Set.of());
                if (found.isPresent()) {
                    store.record(
                            trackerKind(), repo, found.get(), null, i.marker(), now, now, i.flakes(), "create", now);
                    lines.add(new Line(
                            "create",
                            found.get().url(),
                            i.flakes(),
                            0,
                            "found by its marker after an interrupted create; not filed again"));
                } else if (i.startedAt().isBefore(wall.instant().minusSeconds(86_400))) {
                    store.forget(i.marker());
                }
            } catch (RuntimeException e) {
                errors.add(
                        "cannot look up the interrupted create of " + i.flakes().get(0) + ": " + e.getMessage());
            }
        }
    }

    private Line execute(
            Decision d,
            FlakeGroup g,
            BugStore store,
            BugText text,
            Map<String, BugStore.Intent> intents,
            Instant now,
            String repo) {
        List<String> owners = owners(g);
        if (d instanceof Decision.Update u) {
            tracker.comment(
                    u.bug().ref().number(), text.update(g, owners, now, u.bug().touchedAt(), false));
            store.touch(u.bug().ref().id(), "open", g.flakes(), "update", now);
            return line("update", u.bug().ref(), g, "commented");
        }
        if (d instanceof Decision.Reopen r) {
            BugRef reopened = tracker.reopen(r.bug().ref().number());
            tracker.comment(
                    r.bug().ref().number(), text.update(g, owners, now, r.bug().touchedAt(), true));
            store.touch(r.bug().ref().id(), reopened.state(), g.flakes(), "reopen", now);
            return line("reopen", reopened, g, "reopened and commented");
        }
        BugRef previous = d instanceof Decision.Refile rf ? rf.closed().ref() : null;
        Set<Long> exclude = new HashSet<>();
        if (previous != null) {
            for (StoredBug b : store.bugs(repo)) {
                if (b.flakes().stream().anyMatch(g.flakes()::contains)) {
                    exclude.add(b.ref().number());
                }
            }
        }
        String marker = g.marker();
        Instant pending = intents.containsKey(marker) ? intents.get(marker).startedAt() : null;
        // Before creating: the marker at the tracker. A pending intent means a previous pass may have
        // created the bug and died before recording it; then look past the lagging search index too.
        Optional<BugRef> found = tracker.find(marker, pending, exclude);
        if (found.isPresent()) {
            return adopt(found.get(), g, store, text, owners, now, repo, pending != null);
        }
        store.intend(marker, wall.instant(), g.flakes());
        String title = text.title(g);
        BugRef created;
        try {
            created = tracker.create(
                    title, text.body(g, owners, now, previous), cfg.bugs().labels());
        } catch (TrackerException e) {
            // A 5xx may hide a bug that was created: look once more before giving up.
            Optional<BugRef> again = tracker.find(marker, wall.instant().minusSeconds(600), exclude);
            if (again.isPresent()) {
                return adopt(again.get(), g, store, text, owners, now, repo, true);
            }
            throw e;
        }
        if ("after-create".equals(System.getProperty(FAULT))) {
            Runtime.getRuntime().halt(137);
        }
        store.record(trackerKind(), repo, created, title, marker, now, now, g.flakes(), "create", now);
        return line(
                previous == null ? "create" : "refile",
                created,
                g,
                previous == null ? title : "refiled; the closed " + previous.id() + " is linked");
    }

    /**
     * A bug the marker found. After a crash it is the one this flake's create made: record it as that
     * create, and comment nothing (it is minutes old). Otherwise the store did not know it (a new or
     * reset store, another installation): record it and bring it up to date with a comment.
     */
    private Line adopt(
            BugRef bug,
            FlakeGroup g,
            BugStore store,
            BugText text,
            List<String> owners,
            Instant now,
            String repo,
            boolean afterCrash) {
        if (afterCrash) {
            store.record(trackerKind(), repo, bug, text.title(g), g.marker(), now, now, g.flakes(), "create", now);
            return line("create", bug, g, "found by its marker after an interrupted create; not filed again");
        }
        if (!bug.open() && cfg.bugs().policy().closedBugs() == FilingPolicy.ClosedBugs.NEW) {
            store.record(
                    trackerKind(),
                    repo,
                    bug,
                    text.title(g),
                    g.marker(),
                    now,
                    now.minus(cfg.bugs().policy().updateEvery()),
                    g.flakes(),
                    null,
                    now);
            return line("skip", bug, g, "found closed by its marker; the next pass files a new bug that links it");
        }
        BugRef current = bug.open() ? bug : tracker.reopen(bug.number());
        tracker.comment(bug.number(), text.update(g, owners, now, null, !bug.open()));
        store.record(
                trackerKind(),
                repo,
                current,
                text.title(g),
                g.marker(),
                now,
                now,
                g.flakes(),
                bug.open() ? "update" : "reopen",
                now);
        return line(bug.open() ? "update" : "reopen", current, g, "found by its marker; recorded and commented");
    }

    /** Reads the current state of the bugs this pass may touch: someone may have closed or reopened them. */
    private void refreshStates(BugStore store, String repo, List<FlakeActivity> qualifying, List<String> errors) {
        Set<String> flakes = new TreeSet<>();
        qualifying.forEach(a -> flakes.add(a.flake()));
        for (StoredBug b : store.bugs(repo)) {
            if (b.ref().open() || b.flakes().stream().anyMatch(flakes::contains)) {
                try {
                    tracker.get(b.ref().number()).ifPresent(r -> {
                        if (!r.state().equals(b.ref().state())) {
                            store.synced(b.ref().id(), r.state(), wall.instant());
                        }
                    });
                } catch (RuntimeException e) {
                    errors.add("cannot read the state of " + b.ref().id() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Owners of the group's tests on the jobs they flaked on, named ones only. */
    private List<String> owners(FlakeGroup g) {
        Set<String> out = new TreeSet<>();
        for (Occurrence o : g.occurrences()) {
            TestId id = TestId.parse(o.test());
            Owner owner = cfg.owners().of(new Subject(o.job(), id.suite(), id.name(), o.file()));
            if (owner.source() != Owner.Source.NONE) {
                out.add(owner.name());
            }
        }
        return List.copyOf(out);
    }

    private static BugRef bugOf(Decision d) {
        if (d instanceof Decision.Update u) {
            return u.bug().ref();
        }
        if (d instanceof Decision.Reopen r) {
            return r.bug().ref();
        }
        if (d instanceof Decision.Refile r) {
            return r.closed().ref();
        }
        return null;
    }

    private static Line line(String action, Object bug, FlakeGroup g, String note) {
        String b = bug instanceof BugRef r
                ? r.url()
                : bug instanceof StoredBug s ? s.ref().url() : "";
        return new Line(action, b, g.flakes(), g.score(), note);
    }
}
