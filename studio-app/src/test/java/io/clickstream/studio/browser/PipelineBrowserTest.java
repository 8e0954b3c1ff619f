package io.clickstream.studio.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.SignInForm;
import io.clickstream.studio.project.AppInput;
import io.clickstream.studio.project.ProjectInput;
import io.clickstream.studio.project.ProjectService;
import io.clickstream.studio.project.SdkSnippets;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 16's "done when", in Debian's headless Chromium against the local runtime: an admin creates a second
 * pipeline in the wizard, sends it events over the collector protocol, watches them arrive on its monitoring page
 * (and the quarantined one with its raw text), sets an alarm that fires when the traffic stops, and deletes the
 * pipeline, after which its port closes. Screenshots of each page go to {@code target/screenshots/pipeline-*}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=local", "clickstream.demo=false", "clickstream.etl.interval=1h",
                "clickstream.pipelines.monitoring-interval=1s"})
class PipelineBrowserTest {

    static final int DEFAULT_INGESTION_PORT = freePort();
    static final String PROJECT = "edge-shop";
    static final String APP = "edge-app";
    /** Marks the event sent without an event_id, to find its raw text in the quarantine. */
    static final String BAD_MARKER = "no-id-" + System.nanoTime();

    static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    io.clickstream.pipeline.lifecycle.PipelineRepository pipelines;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-pipeline-browser-");
        registry.add("clickstream.data-dir", dataDir::toString);
        registry.add("clickstream.ingestion.port", () -> DEFAULT_INGESTION_PORT);
    }

    @BeforeAll
    static void startChromium() throws IOException {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void an_admin_creates_a_pipeline_in_the_wizard_watches_its_events_sets_an_alarm_and_deletes_it()
            throws Exception {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "setup", null, AuthorityUtils.createAuthorityList(Roles.authority(Roles.ADMINISTRATOR))));
        projects.createProject(new ProjectInput(PROJECT, "Edge shop", null, null, null));
        projects.createApp(PROJECT, new AppInput(APP, null, "Edge app", null, "UTC", null, null, null, null));
        SecurityContextHolder.clearContext();

        // Server push redraws the pages while the test reads them: an element read just before a redraw is stale.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.ignoring(StaleElementReferenceException.class);
        SignInForm.signIn(browser, "http://localhost:" + port, "admin", "admin", "a-pipeline-admin-password");

        // The list: the default pipeline only, then the wizard.
        browser.get("http://localhost:" + port + "/pipelines");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pipeline-link-default")));
        screenshot("1-list");
        if (!wait.until(driver -> text(driver.findElement(By.id("status-default")))).equals("Active")) {
            click(wait, By.id("pipeline-link-default"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pipeline-reason")));
            screenshot("1-default-not-active");
            throw new AssertionError("the default pipeline is not Active: "
                    + text(browser.findElement(By.id("pipeline-reason"))));
        }
        click(wait, By.id("new-pipeline"));

        int edgePort = freePort();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#field-name input")));
        String projectLabel = "Edge shop (" + PROJECT + ")";
        if (!text(browser.findElement(By.id("field-projectId"))).contains(projectLabel)) {
            click(wait, By.id("field-projectId"));
            click(wait, By.xpath("//vaadin-select-item[@role='option' and normalize-space(.)='" + projectLabel
                    + "']"));
        }
        type(wait, "field-name", "edge");
        screenshot("2-wizard-basic");
        click(wait, By.id("wizard-next"));
        currentStep(wait, "ingestion");
        type(wait, "field-ingestion-port", Integer.toString(edgePort));
        screenshot("3-wizard-ingestion");
        click(wait, By.id("wizard-next"));
        currentStep(wait, "processing");
        screenshot("4-wizard-processing");
        click(wait, By.id("wizard-next"));
        currentStep(wait, "reporting");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("wizard-preview"), "name: edge"));
        assertThat(browser.findElement(By.id("wizard-preview")).getText()).contains("port: " + edgePort)
                .contains("rate(1 minute)");
        screenshot("5-wizard-review");
        click(wait, By.id("wizard-finish"));

        // Its page: Active once its ingestion listens, with the curl command for the project's app.
        wait.until(driver -> driver.getCurrentUrl().contains("/pipeline/"));
        wait.until(ExpectedConditions.textToBe(By.id("pipeline-status"), "Active"));
        String endpoint = "http://localhost:" + edgePort + "/collect";
        // The app is named once the page's first monitoring sample of the running pipeline arrives (live update).
        wait.until(driver -> text(driver.findElement(By.id("pipeline-curl")))
                .contains("'" + endpoint + "?appId=" + APP + "&platform=Web'"));

        // Events over the collector protocol, for about 12 s; one per request has no event_id (quarantined).
        HttpClient http = HttpClient.newHttpClient();
        int requests = 0;
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        boolean sawRate = false;
        while (System.nanoTime() < until) {
            long now = System.currentTimeMillis();
            String body = "[" + event("e-" + System.nanoTime(), now) + "," + event("e-" + System.nanoTime() + "b", now)
                    + ",{\"event_type\":\"broken\",\"timestamp\":" + now + ",\"app_id\":\"" + APP
                    + "\",\"unique_id\":\"" + BAD_MARKER + "\"}]";
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "?appId=" + APP
                            + "&platform=Web&upload_timestamp=" + now))
                    .header("User-Agent", SdkSnippets.BROWSER_USER_AGENT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            requests++;
            sawRate |= !wait.until(driver -> text(driver.findElement(By.id("kpi-events")))).matches("[–0.]*");
            Thread.sleep(400);
        }
        screenshot("6-monitoring-live");
        assertThat(requests).isGreaterThan(10);
        assertThat(sawRate).as("events/s above zero on the page while events flowed").isTrue();

        // The ETL models them: a run with rows, the event table fresh, the bad event in the quarantine by reason.
        // Spark starts at the first pass: allow a loaded machine minutes for it.
        WebDriverWait etl = new WebDriverWait(browser, Duration.ofMinutes(5));
        etl.ignoring(StaleElementReferenceException.class);
        etl.until(driver -> text(driver.findElement(By.id("etl-runs"))).contains("OK"));
        wait.until(driver -> text(driver.findElement(By.id("table-freshness"))).contains("event"));
        String lastEvent = wait.until(driver -> text(driver.findElement(By.id("kpi-last-event"))));
        assertThat(lastEvent).endsWith("ago").doesNotContain("never");
        screenshot("7-monitoring-modeled");
        click(wait, By.xpath("//vaadin-tab[normalize-space(.)='Quarantine']"));
        etl.until(driver -> {
            click(wait, By.id("refresh-quarantine"));
            return text(driver.findElement(By.id("quarantine-reasons"))).contains("missing event_id");
        });
        wait.until(driver -> text(driver.findElement(By.id("quarantine-samples"))).contains(BAD_MARKER));
        screenshot("8-quarantine");

        // An alarm when no event arrives for a minute: it fires once the traffic has stopped that long.
        click(wait, By.xpath("//vaadin-tab[normalize-space(.)='Alarms']"));
        WebElement noData = wait.until(ExpectedConditions.elementToBeClickable(By.id("alarm-noData-enabled")));
        if (!"true".equals(noData.getDomProperty("checked"))) {
            // Its label, as a user clicks it (the native input is hidden under Vaadin's drawn box).
            click(wait, By.cssSelector("#alarm-noData-enabled label"));
        }
        wait.until(driver -> "true".equals(driver.findElement(By.id("alarm-noData-enabled")).getDomProperty("checked")));
        type(wait, "alarm-noData-threshold", "1");
        click(wait, By.id("save-alarms"));
        try {
            wait.until(driver -> text(driver.findElement(By.id("alarm-noData-state"))).equals("OK")
                    || text(driver.findElement(By.id("alarm-noData-state"))).startsWith("Firing"));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("9-alarm-not-set");
            throw new AssertionError("the no-data alarm's state stayed '"
                    + text(browser.findElement(By.id("alarm-noData-state"))) + "'; the page says: "
                    + text(browser.findElement(By.tagName("body"))), e);
        }
        screenshot("9-alarm-set");
        new WebDriverWait(browser, Duration.ofSeconds(150)).ignoring(StaleElementReferenceException.class)
                .until(driver ->
                text(driver.findElement(By.id("alarm-noData-state"))).startsWith("Firing"));
        wait.until(driver -> text(driver.findElement(By.id("pipeline-alarms"))).equals("1 alarm"));
        wait.until(driver -> text(driver.findElement(By.id("pipeline-banner"))).contains("No data"));
        screenshot("10-alarm-firing");

        // Delete, confirmed in the dialog: back on the list, the pipeline goes, its port closes.
        click(wait, By.id("pipeline-delete"));
        click(wait, By.xpath("//vaadin-button[contains(@theme,'error') and contains(@theme,'primary')"
                + " and normalize-space(.)='Delete']"));
        wait.until(driver -> driver.getCurrentUrl().endsWith("/pipelines"));
        screenshot("11-deleting");
        // Deleting waits for an ETL pass that is running (one pass at a time), which takes a minute or more here.
        // A user reloads the list now and then: each reload waits for the list to be drawn before reading it.
        try {
            new WebDriverWait(browser, Duration.ofMinutes(5)).pollingEvery(Duration.ofSeconds(3)).until(driver -> {
                driver.navigate().refresh();
                wait.until(d -> !d.findElements(By.id("pipeline-link-default")).isEmpty());
                return driver.findElements(By.id("pipeline-link-edge")).isEmpty();
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("12-not-deleted");
            throw new AssertionError("the pipeline 'edge' stayed on the list; in the store: " + pipelines.list().stream()
                    .map(v -> v.value().name() + " " + v.value().status() + " (" + v.value().statusReason() + ")")
                    .toList(), e);
        }
        wait.until(driver -> !listens(edgePort));
        screenshot("12-deleted");
    }

    private static String event(String id, long now) {
        return "{\"event_type\":\"page_view\",\"event_id\":\"" + id + "\",\"timestamp\":" + now + ",\"app_id\":\""
                + APP + "\",\"unique_id\":\"user-1\",\"platform\":\"Web\"}";
    }

    private static void currentStep(WebDriverWait wait, String step) {
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#wizard-step-" + step + ".cs-step-current")));
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String text(WebElement element) {
        Object text = ((JavascriptExecutor) browser).executeScript("return arguments[0].textContent", element);
        return text == null ? "" : text.toString().strip();
    }

    private static void type(WebDriverWait wait, String id, String text) {
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + id + " input, #"
                + id + " textarea")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", field);
        wait.until(ExpectedConditions.elementToBeClickable(field));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text, Keys.TAB);
    }

    /** Clicks an element once it can be, scrolled into view first (the shell scrolls its content, not the page). */
    private static void click(WebDriverWait wait, By by) {
        // Present first, then scrolled to: Selenium counts an element scrolled out of the shell's content as hidden.
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private static void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, "screenshots/pipeline-" + name);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
