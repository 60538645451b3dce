package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.app.config.FlakelensConfig;
import io.flakelens.app.demo.CiSimulator;
import io.flakelens.app.demo.SimulationConfig;
import io.flakelens.app.demo.SimulationResult;
import io.flakelens.app.ingest.Ingestion;
import io.flakelens.store.ApiTokens;
import io.flakelens.store.Database;
import io.flakelens.store.TestStores;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in real headless Chromium against a real server holding simulated CI history:
 * what a person sees on each page, a filter clicked, and a screenshot of each page under
 * target/screenshots/ (DuckDB) and target/screenshots/postgresql/. One subclass per store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardBrowserTest {
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final File CHROMIUM = new File("/usr/bin/chromium");

    /** The class's scratch folder, given to {@link #start} (an instance @TempDir field is set per test only). */
    private Path dir;

    private FlakelensServer server;
    private ChromeDriver browser;
    private WebDriverWait wait;

    /** The store the server under test keeps its history in: duckdb or postgresql. */
    abstract String store();

    private Path shots() {
        Path base = Path.of("target", "screenshots");
        return store().equals("duckdb") ? base : base.resolve(store());
    }

    @BeforeAll
    void start(@TempDir Path scratch) throws IOException {
        dir = scratch;
        if (!CHROMEDRIVER.canExecute() || !CHROMIUM.canExecute()) {
            String why = "Chromium or chromedriver is missing (/usr/bin/chromium, /usr/bin/chromedriver): "
                    + "apt-get install chromium chromium-driver, or run bin/test, which installs them";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SimulationConfig config = SimulationConfig.defaults()
                .withNow(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .scaled(0.1);
        SimulationResult sim = new CiSimulator(config).simulate(dir.resolve("ci"));
        String db = store().equals("duckdb") ? dir.resolve("dash.db").toString() : TestStores.fresh(store(), dir);
        try (Database d = Database.open(db);
                Ingestion in = new Ingestion(d, Ingestion.QUIET, Map.of())) {
            in.ingestManifest(sim.manifest());
        }
        // Failure clusters, so test pages show their failure modes.
        java.io.StringWriter clusterErr = new java.io.StringWriter();
        int clustered = io.flakelens.app.cli.FlakelensCommand.run(
                new String[] {"cluster", "--db", db},
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                new java.io.PrintWriter(clusterErr, true));
        assertThat(clustered).as(clusterErr.toString()).isZero();
        // Owners by job, so the owner filter has something to choose from.
        Path yaml = Files.writeString(
                dir.resolve("flakelens.yaml"),
                "jobs: {unit: {owner: team-unit}, integration: {owner: team-integration}, e2e: {owner: team-e2e}}\n");
        server = FlakelensServer.start(
                new ServerConfig("127.0.0.1", 0, db, false, 10L * 1024 * 1024, Duration.ZERO),
                FlakelensConfig.load(yaml));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1300));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(shots());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private void open(String path) {
        browser.get(url(path));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main")));
    }

    private void screenshot(String name) throws IOException {
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                shots().resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private List<WebElement> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr"));
    }

    private void assertChartsDrawn(String selector, int atLeast) {
        wait.until(d -> d.findElements(By.cssSelector(selector + " canvas")).size() >= atLeast);
        for (WebElement canvas : browser.findElements(By.cssSelector(selector + " canvas"))) {
            assertThat(canvas.getSize().getWidth()).as("chart width").isGreaterThan(100);
            assertThat(canvas.getSize().getHeight()).as("chart height").isGreaterThan(50);
        }
    }

    @Test
    void theFlakyTestsPageRanksTestsAndTheBuilderFilterNarrowsThem() throws IOException {
        open("/");
        assertThat(browser.getTitle()).startsWith("Flaky tests");
        List<WebElement> all = rows("flakes");
        assertThat(all).hasSizeGreaterThan(3);
        assertThat(all.get(0).findElements(By.cssSelector(".kind"))).isNotEmpty();
        assertThat(all.get(0).getText()).contains("%");
        screenshot("flakes");

        Select builder = new Select(browser.findElement(By.id("f-builder")));
        String chosen = builder.getOptions().get(1).getAttribute("value");
        builder.selectByValue(chosen);
        wait.until(ExpectedConditions.urlContains("builder=" + chosen));
        List<WebElement> filtered = rows("flakes");
        assertThat(filtered).isNotEmpty().hasSizeLessThan(all.size());
        for (WebElement row : filtered) {
            assertThat(row.findElements(By.cssSelector(".chip")))
                    .allSatisfy(chip -> assertThat(chip.getText()).startsWith(chosen + " "));
        }
        assertThat(new Select(browser.findElement(By.id("f-builder")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo(chosen);
        screenshot("flakes-" + chosen);
    }

    @Test
    void theOwnerFilterKeepsOneOwnersFlakes() throws IOException {
        open("/");
        List<WebElement> all = rows("flakes");
        Select owner = new Select(browser.findElement(By.id("f-owner")));
        assertThat(owner.getOptions()).extracting(o -> o.getAttribute("value")).contains("team-e2e", "team-unit");
        owner.selectByValue("team-e2e");
        wait.until(ExpectedConditions.urlContains("owner=team-e2e"));
        List<WebElement> filtered = rows("flakes");
        assertThat(filtered).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(filtered)
                .allSatisfy(r -> assertThat(
                                r.findElement(By.cssSelector("td.owner")).getText())
                        .isEqualTo("team-e2e"));
        assertThat(browser.findElement(By.id("flake-count")).getText()).isEqualTo(String.valueOf(filtered.size()));
        screenshot("flakes-owner");
    }

    @Test
    void clickingAColumnHeadingSortsTheRows() {
        open("/");
        WebElement heading = browser.findElements(By.cssSelector("#flakes thead th")).stream()
                .filter(th -> th.getText().startsWith("Flake rate"))
                .findFirst()
                .orElseThrow();
        heading.click();
        List<Double> rates = rows("flakes").stream()
                .map(r -> Double.parseDouble(
                        r.findElements(By.tagName("td")).get(5).getAttribute("data-sort")))
                .toList();
        assertThat(rates).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        heading.click();
        List<Double> again = rows("flakes").stream()
                .map(r -> Double.parseDouble(
                        r.findElements(By.tagName("td")).get(5).getAttribute("data-sort")))
                .toList();
        assertThat(again).isSorted();
    }

    @Test
    void theTestPageShowsItsChartWeeksFailureMessagesAndGroup() throws Exception {
        open("/");
        WebElement link = browser.findElement(By.cssSelector("#flakes tbody tr td.test a"));
        String name = link.getText();
        link.click();
        wait.until(ExpectedConditions.textToBe(By.id("test-name"), name));
        assertChartsDrawn("#history-chart", 1);
        // a flaky test's main-line history is drawn as segments, each a block with its revisions in a tooltip
        List<WebElement> blocks = browser.findElements(By.cssSelector("#segments .strip .seg"));
        assertThat(blocks).isNotEmpty();
        assertThat(blocks).allSatisfy(b -> assertThat(b.getAttribute("title")).contains("runs, failure rate"));
        assertThat(blocks.get(0).getSize().getWidth()).isPositive();
        assertThat(rows("builders")).isNotEmpty();
        assertThat(rows("weeks")).isNotEmpty();
        List<WebElement> failures = rows("failures");
        assertThat(failures).isNotEmpty();
        String message =
                failures.get(0).findElement(By.cssSelector("td.message")).getText();
        assertThat(message).isNotBlank().isNotEqualTo("–");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Group members");
        screenshot("test");
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("failures")));
        screenshot("test-failures");
        // a flaky test failed, so its failures fell in at least one cluster
        List<WebElement> modes = rows("modes");
        assertThat(modes).isNotEmpty();
        assertThat(modes.get(0).findElement(By.cssSelector("td code")).getText())
                .startsWith("stacktrace-v3:");
        assertThat(modes.get(0).findElement(By.cssSelector("td.message")).getText())
                .isNotBlank();
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("modes")));
        screenshot("test-modes");

        browser.findElement(By.id("json-twin")).click();
        wait.until(ExpectedConditions.urlContains("/api/v1/tests/"));
        String json = browser.findElement(By.tagName("body")).getText();
        assertThat(RunningServer.JSON.readTree(json).toString()).contains(name);
        assertThat(json).contains(message.lines().findFirst().orElseThrow());
    }

    @Test
    void aParameterisedTestListsTheOtherMembersOfItsGroup() {
        open("/?since=all&limit=0");
        WebElement variant = browser.findElements(By.cssSelector("#flakes td.test a")).stream()
                .filter(a -> a.getText().endsWith("]"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the simulated history has no parameterised flaky test"));
        String name = variant.getText();
        String stem = name.substring(0, name.lastIndexOf('['));
        variant.click();
        wait.until(ExpectedConditions.textToBe(By.id("test-name"), name));
        List<WebElement> members = browser.findElements(By.cssSelector("#members li a"));
        assertThat(members)
                .isNotEmpty()
                .allSatisfy(
                        m -> assertThat(m.getText()).contains("::" + stem + "[").doesNotEndWith("::" + name));
        String other = members.get(0).getText();
        members.get(0).click();
        wait.until(ExpectedConditions.textToBe(By.id("test-name"), other.substring(other.indexOf("::") + 2)));
    }

    @Test
    void theFlakesJsonTwinCarriesTheSameFilters() throws Exception {
        open("/?since=7d&builder="
                + new Select(openAndFind()).getOptions().get(1).getAttribute("value"));
        String href = browser.findElement(By.id("json-twin")).getAttribute("href");
        assertThat(href).contains("/api/v1/flakes?since=7d&builder=");
        browser.findElement(By.id("json-twin")).click();
        wait.until(ExpectedConditions.urlContains("/api/v1/flakes"));
        assertThat(RunningServer.JSON
                        .readTree(browser.findElement(By.tagName("body")).getText())
                        .isArray())
                .isTrue();
    }

    private WebElement openAndFind() {
        open("/");
        return browser.findElement(By.id("f-builder"));
    }

    @Test
    void theJobsPageDrawsAChartPerJob() throws IOException {
        open("/jobs");
        int jobs = browser.findElements(By.cssSelector("section.job")).size();
        assertThat(jobs).isGreaterThan(1);
        assertChartsDrawn(".job-chart", jobs);
        assertThat(browser.findElements(By.cssSelector(".job-chart canvas"))).hasSize(jobs);
        screenshot("jobs");
    }

    @Test
    void theRunsPageCountsRunsPerDayAndTheJobFilterKeepsOneJob() throws IOException {
        open("/runs");
        assertThat(rows("days")).isNotEmpty();
        assertThat(rows("runs")).isNotEmpty();
        screenshot("runs");
        Select job = new Select(browser.findElement(By.id("f-job")));
        String chosen = job.getOptions().get(1).getAttribute("value");
        job.selectByValue(chosen);
        wait.until(ExpectedConditions.urlContains("job=" + chosen));
        assertThat(rows("runs"))
                .isNotEmpty()
                .allSatisfy(
                        r -> assertThat(r.findElements(By.tagName("td")).get(1).getText())
                                .isEqualTo(chosen));
        assertThat(browser.findElement(By.id("json-twin")).getAttribute("href")).contains("job=" + chosen);
    }

    @Test
    void aBadParameterIsA400PageThatSaysWhy() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(java.net.URI.create(url("/?since=yesterday")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        open("/?since=yesterday");
        assertThat(browser.findElement(By.id("reason")).getText())
                .startsWith("since:")
                .contains("yesterday");
        screenshot("bad-request");
    }

    @Test
    void whatTheUserTypedIsEscaped() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        java.net.URI.create(url("/tests/x::%3Cscript%3Ealert(1)%3C%2Fscript%3E")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(Fmt.safeUrl("javascript:alert(1)")).isNull();
        assertThat(Fmt.safeUrl(" https://ci.example/1 ")).isEqualTo("https://ci.example/1");
    }

    @Test
    void aPrivateDashboardAsksForATokenOnceAndThenOpensThePageAskedFor() throws Exception {
        String db = dir.resolve("private.db").toString();
        String token;
        try (Database d = Database.open(db)) {
            token = new ApiTokens(d).create("reader");
        }
        try (FlakelensServer priv =
                FlakelensServer.start(new ServerConfig("127.0.0.1", 0, db, true, 1024 * 1024, Duration.ZERO))) {
            String base = "http://127.0.0.1:" + priv.port();
            browser.get(base + "/jobs?since=all");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signin")));
            assertThat(browser.getTitle()).startsWith("Sign in");
            browser.findElement(By.id("token")).sendKeys("not-a-token");
            browser.findElement(By.cssSelector("#signin button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reason")));
            assertThat(browser.findElement(By.id("reason")).getText()).contains("not valid");
            screenshot("signin-refused");

            browser.findElement(By.id("token")).sendKeys(token);
            browser.findElement(By.cssSelector("#signin button")).click();
            wait.until(ExpectedConditions.urlContains("/jobs?since=all"));
            assertThat(browser.getTitle()).startsWith("Jobs");
            // The JSON twin opens from its link too: the cookie signs the read in.
            browser.get(base + "/api/v1/jobs?since=all");
            assertThat(browser.getPageSource()).doesNotContain("Bearer").contains("[");
        } finally {
            browser.manage().deleteAllCookies();
        }
    }
}
