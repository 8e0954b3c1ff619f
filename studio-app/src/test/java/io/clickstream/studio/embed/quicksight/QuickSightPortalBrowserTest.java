package io.clickstream.studio.embed.quicksight;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.embed.EmbedLink;
import io.clickstream.studio.embed.EmbedLinkInput;
import io.clickstream.studio.embed.EmbedService;
import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.PortalPages;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A QuickSight visual in an internal portal, in Debian's headless Chromium: the portal frames the studio's embed
 * link; the studio asks QuickSight (the local stand-in, which checks the request) for an anonymous embed URL of that
 * one visual, and the page hands it to the embedding SDK's {@code embedVisual}, which makes the visual's iframe. When
 * QuickSight refuses, the portal's frame says why in plain words.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class QuickSightPortalBrowserTest {

    static final String ACCOUNT = "123456789012";
    /** A visual's embed URL as QuickSight shapes it, on loopback so that the frame never leaves the machine. */
    static final String VISUAL_URL = "https://127.0.0.1:9/embed/abc123/dashboards/dash-1/sheets/sheet-2/visuals/"
            + "visual-3?code=one-time-code&identityprovider=quicksight";

    static final FakeQuickSight QUICKSIGHT;
    static ChromeDriver browser;
    static PortalPages portal;

    static {
        try {
            QUICKSIGHT = new FakeQuickSight();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    EmbedService embeds;
    @Autowired
    DashboardService dashboards;
    @Autowired
    AppRepository apps;
    @Autowired
    ProjectRepository projects;

    @DynamicPropertySource
    static void quickSight(DynamicPropertyRegistry registry) {
        QUICKSIGHT.configure(registry, ACCOUNT, "studio-quicksight-browser-");
    }

    @BeforeAll
    static void startPortalAndChromium() throws IOException {
        portal = PortalPages.start();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        portal.close();
        QUICKSIGHT.close();
    }

    String portalOrigin() {
        return portal.origin();
    }

    String visualLink() {
        if (projects.find("sales").isEmpty()) {
            projects.create(new ProjectRecord("sales", "Sales", "", true));
            apps.create(new AppRecord("sales-web", "sales", "Sales", "", "UTC", true, List.of(), List.of("Web")));
        }
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("ada", null, Roles.authority(Roles.ADMINISTRATOR)));
        try {
            Dashboard board = dashboards.create("sales-web", new DashboardInput("Sales", "", List.of(), List.of(),
                    null)).value();
            return embeds.create(board.id(), new EmbedLinkInput(24, List.of(portalOrigin()), List.of(), "30d", null,
                    new EmbedLink.QuickSightVisual("dash-1", "sheet-2", "visual-3", null))).token();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void a_portal_shows_one_quicksight_visual_through_the_sdk_and_quicksight_refusals_in_plain_words()
            throws Exception {
        String token = visualLink();
        portal.frame("/sales", "http://127.0.0.1:" + port + "/embed/" + token);
        QUICKSIGHT.embedUrl(VISUAL_URL);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(100));

        browser.get(portalOrigin() + "/sales");
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("embed"));
        // The SDK frames the URL it was given, with its own query parameters after QuickSight's.
        WebElement iframe;
        try {
            iframe = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("cs-quicksight-frame#quicksight-visual iframe")));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = browser.getPageSource();
            Object defined = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const el = document.querySelector('cs-quicksight-frame');"
                    + "const info = {own: Object.getOwnPropertyNames(el), url: el._url, kind: el._kind,"
                    + " ctor: el.constructor.name, defined: !!customElements.get('cs-quicksight-frame'),"
                    + " children: el.children.length, display: el.style.display};"
                    + "if (el._embed) { el._embed().then(() => { info.after = el.innerHTML.substring(0, 300);"
                    + " done(JSON.stringify(info)); }, e => { info.error = String(e); done(JSON.stringify(info)); });"
                    + " setTimeout(() => { info.hung = el.innerHTML.substring(0, 300); done(JSON.stringify(info)); },"
                    + " 8000); } else { done(JSON.stringify(info)); }");
            String console = browser.manage().logs().get("browser").getAll().toString();
            browser.switchTo().defaultContent();
            HeadlessChromium.screenshot(browser, "quicksight-portal/failure");
            throw new AssertionError("no visual iframe; QuickSight saw " + QUICKSIGHT.requests().size()
                    + " requests; frame element defined: " + defined + "; console: " + console
                    + "; the frame's page: " + page, e);
        }
        assertThat(iframe.getDomAttribute("src")).startsWith(VISUAL_URL);
        browser.switchTo().defaultContent();
        HeadlessChromium.screenshot(browser, "quicksight-portal/visual");

        FakeQuickSight.Request request = QUICKSIGHT.requests().get(0);
        assertThat(request.path()).isEqualTo("/accounts/" + ACCOUNT + "/embed-url/anonymous-user");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(request.body().at("/ExperienceConfiguration/DashboardVisual/InitialDashboardVisualId/VisualId")
                .asText()).isEqualTo("visual-3");
        assertThat(request.body().at("/AuthorizedResourceArns/0").asText())
                .isEqualTo("arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":dashboard/dash-1");
        assertThat(request.body().get("AllowedDomains").toString()).contains(portalOrigin());
        assertThat(request.body().get("SessionLifetimeInMinutes").asInt()).isEqualTo(15);

        // QuickSight refuses (e.g. the account has no session capacity): the frame says so, nothing else breaks.
        QUICKSIGHT.error(403, "AccessDeniedException", "User is not authorized to embed");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("embed"));
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".cs-embed .cs-tile-message")));
        assertThat(message.getText()).containsIgnoringCase("QuickSight");
        assertThat(browser.findElements(By.cssSelector("cs-quicksight-frame iframe"))).isEmpty();
        browser.switchTo().defaultContent();
        HeadlessChromium.screenshot(browser, "quicksight-portal/refused");
        assertThat(QUICKSIGHT.requests()).hasSize(2);
    }
}
