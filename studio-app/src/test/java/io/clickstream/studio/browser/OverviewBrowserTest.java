package io.clickstream.studio.browser;

import static io.clickstream.studio.fixture.FixtureLake.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.studio.fixture.FixedClockConfiguration;
import io.clickstream.studio.fixture.FixtureLake;
import io.clickstream.studio.fixture.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The studio as a user meets it: the production frontend bundle in Debian's headless Chromium, signing in with
 * the out-of-the-box admin account (and choosing its new password), then the Overview drawing its charts from a
 * fixture lake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
@Import(FixedClockConfiguration.class)
class OverviewBrowserTest {

    static final FixtureLake FIXTURE = FixtureLake.generate(23);
    /** The events line's colour (ChartOptions palette, first colour) as RGB. */
    static final int[] EVENTS_LINE_RGB = {0x2f, 0x6f, 0xed};

    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void fixtureLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-browser-");
        FIXTURE.writeTo(dataDir.resolve("lake"));
        registry.add("clickstream.data-dir", dataDir::toString);
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
    void signs_in_and_draws_the_overview_charts_from_the_lake() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://localhost:" + port + "/");

        wait.until(ExpectedConditions.urlContains("/login"));
        WebElement username = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("vaadin-login-form input[name='username']")));
        username.sendKeys("admin");
        WebElement password = browser.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        password.sendKeys("admin", Keys.ENTER);

        // The first sign-in must choose a new password before the Overview opens.
        for (String[] field : new String[][] {{"current-password", "admin"}, {"new-password", "overview-password"},
                {"repeat-password", "overview-password"}}) {
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + field[0] + " input")))
                    .sendKeys(field[1]);
        }
        browser.findElement(By.id("set-password")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("password")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#events-per-day[rendered]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#top-events[rendered]")));
        assertThat(browser.findElement(By.cssSelector(".cs-brand-name")).getText()).isEqualTo("Clickstream Studio");

        // The first app in the picker is the numeric one; switch to the shop through the real select overlay.
        browser.findElement(By.cssSelector("vaadin-select")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//vaadin-select-item[normalize-space(.)='" + SHOP + "']"))).click();
        wait.until(driver -> seriesData("events-per-day").equals(FIXTURE.eventsPerDay(SHOP)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#events-per-day[rendered]")));

        assertThat(seriesData("events-per-day")).isEqualTo(FIXTURE.eventsPerDay(SHOP));
        assertThat(seriesData("active-users-per-day")).isEqualTo(FIXTURE.activeUsersPerDay(SHOP));
        assertThat(seriesData("top-events"))
                .isEqualTo(FIXTURE.topEvents(SHOP, 10).stream().map(Map.Entry::getValue).toList());

        long linePixels = pixelsOfColour("events-per-day", EVENTS_LINE_RGB);
        long drawnPixels = pixelsOfColour("events-per-day", null);
        assertThat(linePixels).as("pixels of the events line on the canvas").isGreaterThan(300);
        assertThat(drawnPixels).as("non-transparent pixels on the canvas").isGreaterThan(linePixels);

        HeadlessChromium.screenshot(browser, "overview-browser-test");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> seriesData(String chartId) {
        Object data = ((JavascriptExecutor) browser).executeScript(
                "const chart = document.getElementById(arguments[0]).chart;"
                        + "return chart ? chart.getOption().series[0].data : null;", chartId);
        return data == null ? List.of() : ((List<Number>) data).stream().map(Number::longValue).toList();
    }

    /** Counts canvas pixels of one colour (within a small tolerance), or all non-transparent ones for null. */
    private static long pixelsOfColour(String chartId, int[] rgb) {
        Object count = ((JavascriptExecutor) browser).executeScript(
                "const canvas = document.getElementById(arguments[0]).shadowRoot.querySelector('canvas');"
                        + "const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                        + "const rgb = arguments[1]; let n = 0;"
                        + "for (let i = 0; i < px.length; i += 4) {"
                        + "  if (px[i + 3] === 0) continue;"
                        + "  if (!rgb || (px[i + 3] > 200 && Math.abs(px[i] - rgb[0]) < 24"
                        + "      && Math.abs(px[i + 1] - rgb[1]) < 24 && Math.abs(px[i + 2] - rgb[2]) < 24)) n++;"
                        + "}"
                        + "return n;", chartId, rgb == null ? null : List.of(rgb[0], rgb[1], rgb[2]));
        return ((Number) count).longValue();
    }
}
