package io.flakelens.core.owner;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolution chain, first match wins: config rules in their order, CODEOWNERS on the test's
 * file (last matching line wins inside the file, as on GitHub), a {@code [sig-xyz]} tag in the
 * name, the job's owner from the config. Immutable and cheap to ask: build it once per command.
 */
public final class Owners {
    private final List<OwnerRule> rules;
    private final CodeOwners codeOwners;
    private final Map<String, String> jobOwners;

    public Owners(List<OwnerRule> rules, CodeOwners codeOwners, Map<String, String> jobOwners) {
        this.rules = List.copyOf(rules);
        this.codeOwners = codeOwners == null ? CodeOwners.EMPTY : codeOwners;
        this.jobOwners = Map.copyOf(jobOwners);
    }

    /** Nobody owns anything: what a store without a config gets, apart from SIG tags. */
    public static Owners none() {
        return new Owners(List.of(), CodeOwners.EMPTY, Map.of());
    }

    public Owner of(Subject s) {
        for (OwnerRule r : rules) {
            if (r.matches(s)) {
                return new Owner(r.owner(), Owner.Source.RULE);
            }
        }
        if (s.file() != null) {
            Optional<List<String>> co = codeOwners.owners(s.file());
            if (co.isPresent() && !co.get().isEmpty()) {
                return new Owner(String.join(" ", co.get()), Owner.Source.CODEOWNERS);
            }
        }
        Optional<String> sig = SigTag.of(s.name());
        if (sig.isPresent()) {
            return new Owner(sig.get(), Owner.Source.SIG);
        }
        String job = s.job() == null ? null : jobOwners.get(s.job());
        return job == null ? Owner.NONE : new Owner(job, Owner.Source.JOB);
    }
}
