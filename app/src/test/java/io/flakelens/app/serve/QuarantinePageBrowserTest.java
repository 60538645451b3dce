package io.flakelens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Muted page in headless Chromium: what a person sees, reached from the navigation, with a screenshot. */
class QuarantinePageBrowserTest {
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final File CHROMIUM = new File("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theMutedPageListsTheMutesAndTheSuggestions() throws Exception {
        if (!CHROMEDRIVER.canExecute() || !CHROMIUM.canExecute()) {
            String why = "Chromium or chromedriver is missing: run bin/test, which installs them";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
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
        ChromeDriver browser = new ChromeDriver(service, options);
        try (RunningServer s = RunningServer.start(QuarantineApiTest.seed("duckdb", dir))) {
            browser.manage().window().setSize(new Dimension(1400, 900));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(s.uri("/?since=all").toString());
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Muted")))
                    .click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("muted")));
            assertThat(browser.getCurrentUrl()).endsWith("/quarantine");
            assertThat(browser.findElement(By.id("muted-count")).getText()).isEqualTo("1");
            assertThat(browser.findElements(By.cssSelector("#muted tbody tr")))
                    .singleElement()
                    .satisfies(
                            r -> assertThat(r.getText()).contains("com.acme.A::muted", "ACME-7", "flaky <b>on CI</b>"));
            // the default window is 14 days back from now; the seeded runs are older: widen it and lower the bar
            browser.get(s.uri("/quarantine?since=all&min_runs=4").toString());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("unmute")));
            assertThat(browser.findElement(By.cssSelector("#mute tbody tr")).getText())
                    .contains("com.acme.A::flaky");
            assertThat(browser.findElement(By.cssSelector("#unmute tbody tr")).getText())
                    .contains("com.acme.A::muted", "clean");
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(),
                    shots.resolve("quarantine.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }
}
