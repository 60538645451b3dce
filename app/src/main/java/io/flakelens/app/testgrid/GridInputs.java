package io.flakelens.app.testgrid;

import com.fasterxml.jackson.databind.JsonNode;
import io.flakelens.core.testgrid.ApiGrid;
import io.flakelens.core.testgrid.ClassicTable;
import io.flakelens.core.testgrid.DashboardSummary;
import io.flakelens.core.testgrid.Grid;
import io.flakelens.core.testgrid.GridJson;
import io.flakelens.core.testgrid.TabRef;
import io.flakelens.core.testgrid.TabState;
import io.flakelens.core.testgrid.TestGridException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the user named (a URL or a saved file, or a dashboard on a TestGrid server) into tabs
 * to read. A document's shape decides how it is read, never its name: a classic table is read
 * alone, the v1 API's headers and rows are read as a pair (the other half is fetched from the
 * sibling URL, or read from the file whose name says {@code rows} where this one says
 * {@code headers}, or the other way round).
 */
final class GridInputs {
    private static final Pattern API_PATH =
            Pattern.compile(".*/api/v1/dashboards/([^/]+)/tabs/([^/]+)/(headers|rows)/?$");

    /** One tab to read; reading may fail, costing only this tab. */
    record TabRead(String label, Loader loader) {}

    @FunctionalInterface
    interface Loader {
        Grid load() throws IOException, TestGridException;
    }

    private final TestGridClient client;
    private final int revisionExtra;

    /** @param revisionExtra 0-based position of the revision in the v1 headers' extra values, -1 for none */
    GridInputs(TestGridClient client, int revisionExtra) {
        this.client = client;
        this.revisionExtra = revisionExtra;
    }

    /** A URL (a table, a TestGrid page with {@code #tab}, or the v1 API's headers or rows) or a saved file. */
    TabRead named(String input) {
        if (!isUrl(input)) {
            return new TabRead(input, () -> grid(input, TabRef.of(input), null));
        }
        URI uri;
        try {
            uri = new URI(input);
        } catch (URISyntaxException e) {
            return new TabRead(input, () -> {
                throw new TestGridException(input, "not a URL: " + e.getMessage());
            });
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Matcher api = API_PATH.matcher(path);
        if (api.matches()) {
            TabRef ref = new TabRef(input, decode(api.group(1)), decode(api.group(2)));
            return new TabRead(input, () -> grid(input, ref, ref.tab()));
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        String tab = query(uri, "tab");
        if (tab == null && uri.getRawFragment() != null && segments.length == 1 && !segments[0].isEmpty()) {
            // https://testgrid.k8s.io/DASHBOARD#TAB is the page people share; its table is beside it.
            String dashboard = decode(segments[0]);
            String t = decode(uri.getRawFragment().replaceAll("&.*$", ""));
            String base = uri.getScheme() + "://" + uri.getRawAuthority();
            return tab(base, dashboard, t, false);
        }
        TabRef ref = tab == null ? TabRef.of(input) : new TabRef(input, decode(segments[0]), tab);
        return new TabRead(input, () -> grid(input, ref, ref.tab()));
    }

    /**
     * The tabs of a dashboard to read: those named, else those whose state in the dashboard's summary
     * is one of {@code states}.
     */
    List<TabRead> dashboard(String base, String dashboard, List<String> tabs, Set<String> states, boolean api)
            throws TestGridException {
        List<String> names = new ArrayList<>(tabs);
        if (names.isEmpty()) {
            String url = api
                    ? base + "/api/v1/dashboards/" + segment(dashboard) + "/tab-summaries"
                    : base + "/" + segment(dashboard) + "/summary";
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new TestGridException(dashboard, "not a URL: " + e.getMessage());
            }
            for (TabState s : DashboardSummary.read(dashboard, client.get(dashboard, uri))) {
                if (states.contains(s.status())) {
                    names.add(s.tab());
                }
            }
        }
        List<TabRead> out = new ArrayList<>();
        for (String t : names) {
            out.add(tab(base, dashboard, t, api));
        }
        return out;
    }

    private TabRead tab(String base, String dashboard, String tab, boolean api) {
        String location = api
                ? base + "/api/v1/dashboards/" + segment(dashboard) + "/tabs/" + segment(tab) + "/headers"
                : base + "/" + segment(dashboard) + "/table?tab=" + segment(tab) + "&dashboard=" + segment(dashboard);
        TabRef ref = new TabRef(dashboard + "/" + tab, dashboard, tab);
        return new TabRead(ref.label(), () -> grid(location, ref, tab));
    }

    /** Reads the document at {@code location} and whatever half of it lives elsewhere. */
    Grid grid(String location, TabRef ref, String job) throws IOException, TestGridException {
        String label = ref.label();
        JsonNode n = document(label, location);
        GridJson.Shape shape = GridJson.shape(n);
        if (shape == null && n.isObject() && n.isEmpty()) {
            // protobuf's JSON writes nothing for an empty list: an empty tab's headers or rows are {}
            shape = API_PATH.matcher(location).matches()
                    ? (location.replaceAll("/+$", "").endsWith("/rows") ? GridJson.Shape.ROWS : GridJson.Shape.HEADERS)
                    : null;
        }
        if (shape == null) {
            throw new TestGridException(label, "not a TestGrid table, nor the v1 API's headers or rows");
        }
        return switch (shape) {
            case TABLE -> ClassicTable.read(ref, n);
            case HEADERS_AND_ROWS -> ApiGrid.read(ref, job(job, location), n, n, revisionExtra);
            case HEADERS ->
                ApiGrid.read(
                        ref,
                        job(job, location),
                        n,
                        document(label, partner(label, location, "headers", "rows")),
                        revisionExtra);
            case ROWS ->
                ApiGrid.read(
                        ref,
                        job(job, location),
                        document(label, partner(label, location, "rows", "headers")),
                        n,
                        revisionExtra);
            case SUMMARY, TAB_SUMMARIES ->
                throw new TestGridException(
                        label,
                        "a dashboard summary, not a tab: read a dashboard with --testgrid-url BASE --testgrid-dashboard NAME");
        };
    }

    private JsonNode document(String label, String location) throws IOException, TestGridException {
        if (isUrl(location)) {
            try {
                return client.get(label, new URI(location));
            } catch (URISyntaxException e) {
                throw new TestGridException(label, "not a URL: " + e.getMessage());
            }
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            return GridJson.read(location, in);
        } catch (NoSuchFileException e) {
            throw new TestGridException(location, "no such file");
        }
    }

    /** Where the other half of a headers/rows pair is: the sibling URL, or the file named alike. */
    private static String partner(String label, String location, String from, String to) throws TestGridException {
        if (isUrl(location)) {
            URI uri = URI.create(location);
            String path = uri.getRawPath().replaceAll("/+$", "");
            if (path.endsWith("/" + from)) {
                return uri.resolve(path.substring(0, path.length() - from.length()) + to)
                        .toString();
            }
            throw new TestGridException(label, "the v1 API's " + from + " without their " + to + ": no URL for them");
        }
        Path p = Path.of(location);
        String name = p.getFileName().toString();
        int at = name.toLowerCase(Locale.ROOT).lastIndexOf(from);
        if (at < 0) {
            throw new TestGridException(
                    label,
                    "the v1 API's " + from + " without their " + to
                            + ": save them beside it, named as this file with \"" + to + "\" for \"" + from + "\"");
        }
        Path other = p.resolveSibling(name.substring(0, at) + to + name.substring(at + from.length()));
        if (!Files.isRegularFile(other)) {
            throw new TestGridException(label, "the v1 API's " + from + " without their " + to + ": no " + other);
        }
        return other.toString();
    }

    /**
     * The job a v1 grid's runs are filed under: the tab, which the API's path names; for a saved pair,
     * the name the files share ({@code unit-headers.json} is tab {@code unit}), else their folder's.
     */
    static String job(String job, String location) {
        if (job != null && !job.isBlank()) {
            return job;
        }
        if (isUrl(location)) {
            return null;
        }
        Path p = Path.of(location).toAbsolutePath();
        String name = p.getFileName().toString().replaceAll("\\.[^.]*$", "");
        String stem = name.replaceAll("(?i)[-_.]?(headers|rows)$", "");
        if (!stem.isBlank()) {
            return stem;
        }
        Path dir = p.getParent();
        return dir == null || dir.getFileName() == null
                ? null
                : dir.getFileName().toString();
    }

    static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private static String query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return decode(part.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** TestGrid's names carry spaces and more; in a path or a query they are percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
