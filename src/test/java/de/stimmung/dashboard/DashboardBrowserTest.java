package de.stimmung.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.stimmung.model.Emotion;
import de.stimmung.stream.monitor.MonitorSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (Debian's Chromium through its chromium-driver; no driver download)
 * against a service on a real broker and registry: calls appear, a selected call's timeline grows
 * live, the angry call's alert appears and goes away when acknowledged, ended calls move to the
 * history, and a call id that is HTML shows as text. Saves a screenshot to
 * {@code target/dashboard.png} ({@code -Dstimmung.screenshot=PATH} copies it there too).
 */
class DashboardBrowserTest {

    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String XSS = "<img src=x onerror=alert(1)>";

    DashboardCluster cluster;
    ChromeDriver browser;
    ScheduledExecutorService talk;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM), "skipping the browser test: "
                + DRIVER + " or " + CHROMIUM + " is absent; install Debian's chromium and chromium-driver (.ci/run does)");
        cluster = new DashboardCluster(MonitorSettings.defaults().withCallLifetime(Duration.ofSeconds(8), Duration.ofMinutes(5)));
        cluster.startInstance();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,900", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-default-apps", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        talk = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        if (talk != null) {
            talk.shutdownNow();
        }
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    /** The call ids of a table's rows, in order (read in one script, so a re-render cannot interleave). */
    @SuppressWarnings("unchecked")
    List<String> ids(String table) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#" + table
                + " tbody tr')).map(r => r.dataset.callId)");
    }

    /** The call ids of the alert banners shown (one script: a banner removed meanwhile cannot go stale). */
    @SuppressWarnings("unchecked")
    List<String> bannerCallIds() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('.alert-banner')).map(b => b.dataset.callId)");
    }

    String rowText(String table, String callId) {
        return (String) browser.executeScript("const r = Array.from(document.querySelectorAll('#" + table
                + " tbody tr')).find(r => r.dataset.callId === arguments[0]); return r ? r.textContent : '';", callId);
    }

    List<WebElement> rows(String table, String callId) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(r -> callId.equals(r.getDomAttribute("data-call-id"))).toList();
    }

    @Test
    void supervisorSeesCallsLiveTimelinesAlertsAndHistory() throws Exception {
        DashboardCluster.Instance service = cluster.instances.get(0);
        browser.get(service.dashboard().url());
        waiting().until(d -> d.findElement(By.id("status")).getText().equals("live"));

        long t0 = System.currentTimeMillis();
        String ended = "call-ended-" + t0 % 10000;
        cluster.send(DashboardCluster.event(ended, 0, 0, t0, Emotion.SADNESS, 0.6));
        AtomicInteger n = new AtomicInteger();
        String[] calm = {"call-ruhig-1", "call-ruhig-2", "call-froh-3", XSS};
        String angry = "call-laut-4";
        // the calls keep talking: every 700 ms one utterance per call (the angry one: customer angry, agent neutral)
        talk.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            try {
                for (String c : calm) {
                    cluster.send(DashboardCluster.event(c, i % 2, i, t0, c.contains("froh") ? Emotion.HAPPINESS : Emotion.NEUTRAL,
                            0.55 + 0.3 * Math.abs(Math.sin(i + c.length()))));
                }
                cluster.send(DashboardCluster.event(angry, i % 2, i, t0, i % 2 == 0 ? Emotion.ANGER : Emotion.NEUTRAL,
                        0.7 + 0.2 * Math.abs(Math.sin(i))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 700, TimeUnit.MILLISECONDS);

        for (String c : List.of(calm[0], calm[1], calm[2], XSS, angry)) {
            waiting().until(d -> ids("active").contains(c));
        }
        WebElement xssRow = rows("active", XSS).get(0);
        assertEquals(XSS, xssRow.findElement(By.cssSelector("td.call")).getText(), "the call id shows as text");
        assertTrue(browser.findElements(By.cssSelector("main img, #alerts img")).isEmpty(), "no element came from a record");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no script from a record ran");

        // the angry customer: a banner, and the call first in the list
        WebElement banner = waiting().until(d -> d.findElements(By.cssSelector(".alert-banner")).stream()
                .filter(b -> angry.equals(b.getDomAttribute("data-call-id"))).findFirst().orElse(null));
        assertTrue(banner.getText().contains("anger"), banner.getText());
        waiting().until(d -> angry.equals(ids("active").get(0)));

        // a selected call's timeline grows while it talks
        rows("active", angry).get(0).click();
        waiting().until(d -> !d.findElement(By.id("timeline-count")).getText().isEmpty());
        int before = count();
        waiting().until(d -> count() >= before + 2);
        assertEquals(2, browser.findElements(By.cssSelector("#detail .uplot")).size(), "customer and agent charts");

        waiting().until(d -> ids("history").contains(ended)); // silent for 8 s: ended, in the history
        assertTrue(!ids("active").contains(ended));
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "dashboard.png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        String keep = System.getProperty("stimmung.screenshot");
        if (keep != null) {
            Files.copy(shot, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(Files.size(target) > 10_000, "a real screenshot");

        // acknowledged: the banner goes away, the list still says so
        banner.findElement(By.cssSelector("button.ack")).click();
        waiting().until(d -> !bannerCallIds().contains(angry));
        waiting().until(d -> rowText("active", angry).contains("acknowledged"));

        // filters: by id, by emotion
        browser.findElement(By.id("filter-id")).sendKeys("ruhig");
        waiting().until(d -> ids("active").equals(List.of(calm[0], calm[1])) || ids("active").equals(List.of(calm[1], calm[0])));
        browser.findElement(By.id("filter-id")).clear();
        browser.findElement(By.cssSelector("#filter-emotion option[value=happiness]")).click();
        waiting().until(d -> ids("active").equals(List.of(calm[2])));
        System.out.printf("page render of %d calls: %s ms%n", 6, browser.findElement(By.tagName("body")).getDomAttribute("data-render-ms"));
    }

    private int count() {
        String c = browser.findElement(By.id("timeline-count")).getDomAttribute("data-count");
        return c == null ? 0 : Integer.parseInt(c);
    }
}
