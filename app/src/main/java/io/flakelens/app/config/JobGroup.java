package io.flakelens.app.config;

import java.util.List;
import java.util.regex.Pattern;

/** A named set of jobs (the Kubernetes flake tracker's "dashboard"); each pattern matches a whole job name. */
public record JobGroup(String name, List<Pattern> jobs) {
    public JobGroup {
        jobs = List.copyOf(jobs);
    }

    public boolean contains(String job) {
        return job != null && jobs.stream().anyMatch(p -> p.matcher(job).matches());
    }
}
