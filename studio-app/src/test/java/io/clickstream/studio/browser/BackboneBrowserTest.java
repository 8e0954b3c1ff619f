package io.clickstream.studio.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.SignInForm;
import io.clickstream.studio.project.SdkSnippets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new user's first minutes, in Debian's headless Chromium against the local runtime: sign in as admin/admin, be
 * made to choose a password, create a project and an app, read its curl snippet, and send it an event with the
 * request that snippet makes, which the embedded ingestion accepts, and find that event in the metadata manager
 * once the ETL has modeled it. Saves a screenshot of each page under
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=local", "clickstream.demo=false", "clickstream.etl.interval=1h"})
class BackboneBrowserTest {

    static final int INGESTION_PORT = freePort();

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-backbone-browser-");
        registry.add("clickstream.data-dir", dataDir::toString);
        registry.add("clickstream.ingestion.port", () -> INGESTION_PORT);
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
    void a_new_admin_sets_a_password_creates_an_app_and_sends_it_an_event() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("http://localhost:" + port + "/");

        wait.until(ExpectedConditions.urlContains("/login"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-login-form input[name='username']")));
        screenshot("1-login");
        SignInForm.submit(browser, "admin", "admin");

        // Held at the change-password page until a new password is set.
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#current-password input")));
        screenshot("2-change-password");
        SignInForm.chooseNewPassword(browser, "admin", "a-new-admin-password");
        assertThat(browser.getCurrentUrl()).doesNotContain("change-password");

        browser.get("http://localhost:" + port + "/projects");
        click(wait, "new-project");
        type(wait, "project-id", "web-shop");
        type(wait, "project-name", "Web shop");
        click(wait, "save-project");
        click(wait, "add-app-web-shop");
        type(wait, "app-id", "shop-site");
        type(wait, "app-name", "Shop site");
        screenshot("3-add-app");
        click(wait, "save-app");

        wait.until(driver -> driver.getCurrentUrl().endsWith("/apps/shop-site"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("snippet-web")));
        Thread.sleep(500);
        screenshot("4-app-page");
        click(wait, By.xpath("//vaadin-tab[normalize-space(.)='curl']"));
        WebElement curl = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("snippet-curl")));
        screenshot("4-app-curl");
        String snippet = (String) ((JavascriptExecutor) browser).executeScript("return arguments[0].textContent",
                curl);
        String endpoint = "http://localhost:" + INGESTION_PORT + "/collect";
        assertThat(snippet).contains("curl -A '" + SdkSnippets.BROWSER_USER_AGENT + "'")
                .contains("'" + endpoint + "?appId=shop-site&platform=Web'");

        for (String page : new String[] {"projects", "admin/users", "tokens", "admin/audit"}) {
            browser.get("http://localhost:" + port + "/" + page);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cs-dashboard-header")));
            Thread.sleep(500);
            screenshot("5-" + page.replace('/', '-'));
        }
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("app.create").contains("admin");

        // The request the curl snippet makes (date substitutions done here), to the embedded ingestion.
        Matcher body = Pattern.compile("-d '(.*)'\\s*$", Pattern.DOTALL).matcher(snippet.strip());
        assertThat(body.find()).as(snippet).isTrue();
        long now = System.currentTimeMillis();
        String event = body.group(1).replace("'\"$(date +%s%N)\"'", "e-" + System.nanoTime())
                .replace("'\"$(date +%s%3N)\"'", Long.toString(now));
        assertThat(event).startsWith("[{\"event_type\": \"button_click\"").contains("\"timestamp\": " + now);
        HttpRequest collect = HttpRequest.newBuilder(URI.create(endpoint + "?appId=shop-site&platform=Web"))
                .header("User-Agent", SdkSnippets.BROWSER_USER_AGENT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build();
        // Ingestion follows the store's apps within a few seconds (it re-reads them every 2 s).
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> collected;
        do {
            collected = HttpClient.newHttpClient().send(collect, HttpResponse.BodyHandlers.ofString());
            if (collected.statusCode() != 403) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(collected.statusCode()).as("ingestion's answer: " + collected.body()).isEqualTo(200);

        // The event reaches the metadata manager: ingestion publishes the batch, the ETL models it, a scan finds it.
        deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        boolean found = false;
        while (!found && System.nanoTime() < deadline) {
            browser.get("http://localhost:" + port + "/metadata?app=shop-site");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("scan-now")));
            click(wait, "scan-now");
            Thread.sleep(3000);
            found = browser.findElement(By.tagName("body")).getText().contains("button_click");
        }
        screenshot("6-metadata");
        assertThat(found).as("button_click listed in the metadata manager of shop-site").isTrue();
    }

    private static void type(WebDriverWait wait, String id, String text) {
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#" + id + " input, #"
                + id + " textarea")));
        wait.until(ExpectedConditions.elementToBeClickable(field));
        field.clear();
        field.sendKeys(text);
    }

    private static void click(WebDriverWait wait, String id) {
        click(wait, By.id(id));
    }

    private static void click(WebDriverWait wait, By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private static void screenshot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, "screenshots/" + name);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
