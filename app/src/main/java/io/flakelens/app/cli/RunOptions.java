package io.flakelens.app.cli;

import io.flakelens.app.ingest.RunFlags;
import io.flakelens.app.ingest.StartTime;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The run a report belongs to, as flags: shared by {@code ingest} and {@code upload}, so a CI step
 * describes its run the same way whether it writes to a store or sends to a server. Unset flags
 * fall back to the CI's own environment variables.
 */
final class RunOptions {
    @Option(names = "--run", description = "The run's id (default: from the CI environment, else from the reports)")
    String run;

    @Option(names = "--source", description = "Where the run comes from (github, jenkins, ...)")
    String source;

    @Option(names = "--job", description = "CI job name")
    String job;

    @Option(names = "--builder", description = "Builder, platform or configuration")
    String builder;

    @Option(names = "--revision", description = "Commit tested")
    String revision;

    @Option(names = "--change", description = "Change (PR/CL) tested, for presubmit runs")
    String change;

    @Option(names = "--patchset", description = "Patchset of the change")
    String patchset;

    @Option(names = "--equivalence", description = "Runs with the same key tested the same code (default: revision)")
    String equivalence;

    @Option(names = "--attempt", description = "Attempt number of this run (a CI retry of the whole job)")
    Integer attempt;

    @Option(names = "--payload", description = "Release payload tested")
    String payload;

    @Option(names = "--started", description = "Start time, ISO-8601")
    String started;

    @Option(names = "--status", description = "The run's status as CI saw it")
    String status;

    @Option(names = "--merged", description = "Whether the change was eventually merged")
    Boolean merged;

    @Option(names = "--url", description = "Link to the run")
    String url;

    @Option(
            names = "--rerun",
            description = "A rerun of old code that a rerun plan asked for (needs --revision): it feeds the next plan,"
                    + " and neither orders commits nor counts as a flake occurrence")
    boolean rerun;

    /** The flags as given; a start time that cannot be read is a usage error naming {@code --started}. */
    RunFlags flags() {
        Instant startedAt;
        try {
            startedAt = StartTime.parse(started);
        } catch (IllegalArgumentException e) {
            throw new UserException("--started: " + e.getMessage());
        }
        if (rerun && revision == null) {
            throw new UserException("--rerun needs --revision: the commit the plan asked to rerun");
        }
        return new RunFlags(
                run,
                source,
                job,
                builder,
                revision,
                change,
                patchset,
                equivalence,
                attempt,
                payload,
                startedAt,
                status,
                url,
                merged,
                null,
                rerun ? Boolean.TRUE : null);
    }
}
