package io.clickstream.studio.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.dashboard.Dashboard;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.embed.EmbedLinkInput;
import io.clickstream.studio.embed.EmbedService;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.FixedClockConfiguration;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.PortalPages;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An embed link as a portal uses it, in Debian's headless Chromium: a page of another origin (a small HTTP server on
 * another loopback port) frames the link and the dashboard draws inside with nobody signed in; after the link is
 * revoked the same frame shows the refusal; a page of an origin the link does not allow cannot frame it at all
 * ({@code frame-ancestors}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
@Import(FixedClockConfiguration.class)
class EmbedBrowserTest {

    /** The dashboards' fuller lake (every modeled column), up to the fixed clock's morning. */
    static final DashboardLake LAKE = DashboardLake.generate(31, java.time.Instant.parse("2026-11-20T11:00:00Z"), 80, 30);
    static final String SHOP = DashboardLake.APP;
    static final ObjectMapper JSON = new ObjectMapper();

    static ChromeDriver browser;
    static PortalPages portal;
    static PortalPages stranger;

    @LocalServerPort
    int port;
    @Autowired
    EmbedService embeds;
    @Autowired
    DashboardService dashboards;
    @Autowired
    SavedExplorationService explorations;
    @Autowired
    AppRepository apps;
    @Autowired
    ProjectRepository projects;

    @DynamicPropertySource
    static void fixtureLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-embed-browser-");
        LAKE.writeTo(dataDir.resolve("lake"));
        registry.add("clickstream.data-dir", dataDir::toString);
    }

    @BeforeAll
    static void startPortalsAndChromium() throws IOException {
        portal = PortalPages.start();
        stranger = PortalPages.start();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        portal.close();
        stranger.close();
    }

    Dashboard shopDashboard() throws Exception {
        if (projects.find("embeds").isEmpty()) {
            projects.create(new ProjectRecord("embeds", "Embeds", "", true));
        }
        if (apps.find(SHOP).isEmpty()) {
            apps.create(new AppRecord(SHOP, "embeds", "Shop", "", "Europe/Paris", true, List.of(), List.of("Web")));
        }
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("ada", null, Roles.authority(Roles.ADMINISTRATOR)));
        String views = explorations.create(SHOP, new SavedExplorationInput("Page views per day", "", Analysis.EVENT,
                JSON.readTree("{\"timeRange\":{\"last\":30,\"unit\":\"DAY\"},\"events\":[{\"event\":\"_page_view\"}],"
                        + "\"computeMethod\":\"events\"}"), null)).value().id();
        String carts = explorations.create(SHOP, new SavedExplorationInput("Add to cart per day", "", Analysis.EVENT,
                JSON.readTree("{\"timeRange\":{\"last\":30,\"unit\":\"DAY\"},\"events\":[{\"event\":\"add_to_cart\"}],"
                        + "\"computeMethod\":\"users\"}"), null)).value().id();
        return dashboards.create(SHOP, new DashboardInput("Shop KPIs", "", List.of(),
                List.of(new DashboardInput.TileInput(null, views, 2, 2), new DashboardInput.TileInput(null, carts, 2, 2)),
                null)).value();
    }

    @Test
    void a_portal_frames_the_dashboard_until_the_link_is_revoked_and_other_origins_cannot() throws Exception {
        Dashboard dashboard = shopDashboard();
        EmbedService.CreatedLink link = embeds.create(dashboard.id(), new EmbedLinkInput(24,
                List.of(portal.origin()), List.of(), "30d", null, null));
        SecurityContextHolder.clearContext();
        // The studio is reached as 127.0.0.1 like the portal: same site, so the embed page's session cookie is sent
        // from inside the frame (see the README on portals of other sites).
        String url = "http://127.0.0.1:" + port + "/embed/" + link.token();
        portal.frame("/kpis", url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        browser.get(portal.origin() + "/kpis");
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("embed"));
        try {
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("cs-echart[rendered]"), 2));
        } catch (RuntimeException e) {
            Files.createDirectories(Path.of("target", "embed-browser-test"));
            Files.writeString(Path.of("target", "embed-browser-test", "frame-on-failure.html"),
                    browser.getPageSource());
            browser.switchTo().defaultContent();
            HeadlessChromium.screenshot(browser, "embed-browser-test/failure");
            throw e;
        }
        assertThat(browser.findElement(By.cssSelector(".cs-embed-title")).getText()).isEqualTo("Shop KPIs");
        assertThat(browser.findElements(By.cssSelector(".cs-tile-title")).stream().map(e -> e.getText()).toList())
                .containsExactly("Page views per day", "Add to cart per day");
        assertThat(browser.findElements(By.cssSelector("vaadin-side-nav, vaadin-app-layout"))).isEmpty();
        browser.switchTo().defaultContent();
        HeadlessChromium.screenshot(browser, "embed-browser-test/portal-with-dashboard");

        // A page of another origin: the browser refuses to show the studio inside it.
        stranger.frame("/stolen", url);
        browser.get(stranger.origin() + "/stolen");
        wait.until(driver -> Boolean.TRUE.equals(browser.executeScript("return window.framed === true")));
        browser.switchTo().frame("embed");
        assertThat((String) browser.executeScript("return location.href")).doesNotStartWith(url);
        assertThat(browser.findElements(By.cssSelector(".cs-embed, cs-echart"))).isEmpty();
        browser.switchTo().defaultContent();
        HeadlessChromium.screenshot(browser, "embed-browser-test/other-origin-blocked");

        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("ada", null, Roles.authority(Roles.ADMINISTRATOR)));
        embeds.revoke(link.link().value().id());
        SecurityContextHolder.clearContext();
        browser.get(portal.origin() + "/kpis");
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("embed"));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("embed-refused"))).getText())
                .startsWith("This embed link is not valid");
        assertThat(browser.getPageSource()).doesNotContain("Shop KPIs");
        browser.switchTo().defaultContent();
        HeadlessChromium.screenshot(browser, "embed-browser-test/portal-with-revoked-link");
    }
}
