package io.flakelens.app.cli;

import io.flakelens.app.testgrid.TestGridIngest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where {@code ingest} reads TestGrid: tabs by URL or saved file, or the tabs of dashboards. */
final class TestGridOptions {
    @Option(
            names = "--testgrid",
            paramLabel = "URL-or-FILE",
            description = "A TestGrid tab: its table URL (or the page's DASHBOARD#TAB URL), the v1 API's headers "
                    + "or rows URL, or such JSON saved to a file; repeatable")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--testgrid-url",
            paramLabel = "BASE",
            description = "The TestGrid server the dashboards are on, e.g. https://testgrid.k8s.io "
                    + "(with --testgrid-api: the API's root)")
    String base;

    @Option(
            names = "--testgrid-dashboard",
            paramLabel = "NAME",
            description = "Read the tabs of this dashboard whose state is one of --testgrid-states; repeatable")
    List<String> dashboards = new ArrayList<>();

    @Option(
            names = "--testgrid-tab",
            paramLabel = "TAB",
            description = "Read this tab of the one --testgrid-dashboard, whatever its state; repeatable")
    List<String> tabs = new ArrayList<>();

    @Option(
            names = "--testgrid-states",
            paramLabel = "STATE",
            split = ",",
            description = "Tab states of a dashboard's summary whose tabs are read (default: FLAKY,FAILING)")
    List<String> states = new ArrayList<>(List.of("FLAKY", "FAILING"));

    @Option(
            names = "--testgrid-api",
            description = "Read dashboards through the v1 API (tab-summaries, headers, rows) instead of the tables")
    boolean api;

    @Option(
            names = "--testgrid-commit-extra",
            paramLabel = "N",
            defaultValue = "0",
            description = "Which of the v1 headers' extra values (1 = the first) is the tested commit "
                    + "(default 0: none, the revision is unknown)")
    int commitExtra;

    boolean any() {
        return !inputs.isEmpty() || !dashboards.isEmpty() || base != null || !tabs.isEmpty();
    }

    /** The request, or a usage error naming the option that is missing or out of place. */
    TestGridIngest.Request request() {
        if (!dashboards.isEmpty() && (base == null || base.isBlank())) {
            throw new UserException("--testgrid-dashboard needs --testgrid-url BASE, the TestGrid server");
        }
        if (!tabs.isEmpty() && dashboards.size() != 1) {
            throw new UserException("--testgrid-tab needs exactly one --testgrid-dashboard");
        }
        if (base != null && dashboards.isEmpty()) {
            throw new UserException("--testgrid-url names a server: add --testgrid-dashboard NAME");
        }
        if (base != null && !base.matches("(?i)https?://.+")) {
            throw new UserException("--testgrid-url: " + base + " is not an http(s) URL");
        }
        if (commitExtra < 0) {
            throw new UserException("--testgrid-commit-extra must be 0 (none) or more");
        }
        Set<String> upper = new LinkedHashSet<>();
        for (String s : states) {
            if (!s.isBlank()) {
                upper.add(s.strip().toUpperCase(Locale.ROOT));
            }
        }
        return new TestGridIngest.Request(
                List.copyOf(inputs), base, List.copyOf(dashboards), List.copyOf(tabs), upper, api, commitExtra - 1);
    }
}
