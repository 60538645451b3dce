package io.flakelens.core.bugs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, for groups of qualifying flakes in order of score (highest first), whether to create,
 * update, reopen or refile their bug, or to skip: a bug is touched at most once per
 * {@code updateEvery} (a touch at t allows the next at t + updateEvery exactly), and creates plus
 * updates stop once {@code maxActions} were spent in the last {@code actionsWindow}, so the lowest
 * scores are the ones that wait. A group whose flakes have several bugs goes with the newest.
 */
public final class FilingPlanner {
    private final FilingPolicy policy;

    public FilingPlanner(FilingPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param groups      qualifying groups, highest score first
     * @param bugs        per flake, the newest bug known for it
     * @param actionsUsed creates, updates and reopens already done in {@code (now - actionsWindow, now]}
     */
    public List<Decision> plan(List<FlakeGroup> groups, Map<String, KnownBug> bugs, long actionsUsed, Instant now) {
        long budget = Math.max(0, policy.maxActions() - actionsUsed);
        List<Decision> out = new ArrayList<>();
        for (FlakeGroup g : groups) {
            KnownBug bug = null;
            for (String f : g.flakes()) {
                KnownBug b = bugs.get(f);
                if (b != null && (bug == null || b.createdAt().isAfter(bug.createdAt()))) {
                    bug = b;
                }
            }
            Decision d;
            if (bug == null) {
                d = new Decision.Create(g);
            } else if (bug.ref().open() || policy.closedBugs() == FilingPolicy.ClosedBugs.REOPEN) {
                Instant next = bug.touchedAt().plus(policy.updateEvery());
                if (now.isBefore(next)) {
                    out.add(new Decision.Skip(
                            g, bug.ref().id() + " was touched at " + bug.touchedAt() + "; next update from " + next));
                    continue;
                }
                d = bug.ref().open() ? new Decision.Update(g, bug) : new Decision.Reopen(g, bug);
            } else {
                d = new Decision.Refile(g, bug);
            }
            if (budget == 0) {
                out.add(new Decision.Skip(
                        g,
                        "rate limit: " + policy.maxActions() + " creates and updates per "
                                + policy.actionsWindow().toHours() + "h spent; would " + d.verb()));
                continue;
            }
            budget--;
            out.add(d);
        }
        return out;
    }
}
