package io.clickstream.studio.embed.quicksight;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.SignInForm;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.UserService;
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
 * A custom dashboard linked to a QuickSight dashboard, in Debian's headless Chromium: an Analyst signs in, opens the
 * dashboard and its QuickSight dialog; the studio asks QuickSight (the local stand-in, which records the request) for
 * an embed URL for that Analyst's QuickSight user ({@code GenerateEmbedUrlForRegisteredUser}), and the dialog's frame
 * hands it to the embedding SDK's {@code embedDashboard}, which makes the iframe. When QuickSight refuses, the dialog
 * says why in plain words and draws no frame.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
class QuickSightDashboardBrowserTest {

    static final String ACCOUNT = "123456789012";
    static final String PASSWORD = "quicksight-analyst-1";
    /** A dashboard's embed URL as QuickSight shapes it, on loopback so that the frame never leaves the machine. */
    static final String DASHBOARD_URL = "https://127.0.0.1:9/embed/abc123/dashboards/dash-7"
            + "?code=one-time-code&identityprovider=quicksight&isauthcode=true";

    static final FakeQuickSight QUICKSIGHT;
    static ChromeDriver browser;

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
    DashboardService dashboards;
    @Autowired
    QuickSightLinks links;
    @Autowired
    UserService users;
    @Autowired
    AppRepository apps;
    @Autowired
    ProjectRepository projects;

    @DynamicPropertySource
    static void quickSight(DynamicPropertyRegistry registry) {
        QUICKSIGHT.configure(registry, ACCOUNT, "studio-quicksight-dashboard-");
    }

    @BeforeAll
    static void startChromium() throws IOException {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        QUICKSIGHT.close();
    }

    /** The app, the Analyst "ana", and a custom dashboard linked to the QuickSight dashboard "dash-7". */
    String linkedDashboard() {
        projects.create(new ProjectRecord("sales", "Sales", "", true));
        apps.create(new AppRecord("sales-web", "sales", "Sales", "", "UTC", true, List.of(), List.of("Web")));
        as(Roles.ADMINISTRATOR);
        try {
            users.create(new UserService.NewUser("ana", PASSWORD, List.of(Roles.ANALYST)));
            as(Roles.ANALYST);
            String id = dashboards.create("sales-web", new DashboardInput("Sales pulse", "", List.of(), List.of(),
                    null)).value().id();
            links.link(id, "dash-7");
            return id;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static void as(String role) {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("setup", "unused", Roles.authority(role)));
    }

    @Test
    void an_analyst_sees_the_linked_quicksight_dashboard_in_a_dialog_and_refusals_in_plain_words() throws Exception {
        String dashboard = linkedDashboard();
        String studio = "http://localhost:" + port;
        SignInForm.signIn(browser, studio, "ana", PASSWORD, PASSWORD + "-2");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(100));

        QUICKSIGHT.embedUrl(DASHBOARD_URL);
        browser.get(studio + "/dashboards/" + dashboard + "?app=sales-web");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("quicksight-dashboard"))).click();
        // The SDK frames the URL it was given, with its own query parameters after QuickSight's.
        WebElement iframe = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("vaadin-dialog-overlay cs-quicksight-frame iframe")));
        assertThat(iframe.getDomAttribute("src")).startsWith(DASHBOARD_URL);
        HeadlessChromium.screenshot(browser, "quicksight-dashboard/dialog");

        assertThat(QUICKSIGHT.requests()).hasSize(1);
        FakeQuickSight.Request request = QUICKSIGHT.requests().get(0);
        assertThat(request.path()).isEqualTo("/accounts/" + ACCOUNT + "/embed-url/registered-user");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 ");
        assertThat(request.body().get("UserArn").asText())
                .isEqualTo("arn:aws:quicksight:eu-west-1:" + ACCOUNT + ":user/default/ana");
        assertThat(request.body().at("/ExperienceConfiguration/Dashboard/InitialDashboardId").asText())
                .isEqualTo("dash-7");
        assertThat(request.body().get("AllowedDomains").toString()).contains(studio);
        assertThat(request.body().get("SessionLifetimeInMinutes").asInt()).isEqualTo(60);

        // QuickSight does not know this studio user: the dialog says so, and draws no frame.
        QUICKSIGHT.error(404, "ResourceNotFoundException", "User ana not found");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("quicksight-dashboard"))).click();
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("vaadin-dialog-overlay .cs-tile-message")));
        assertThat(message.getText()).contains("QuickSight");
        assertThat(browser.findElements(By.cssSelector("cs-quicksight-frame iframe"))).isEmpty();
        HeadlessChromium.screenshot(browser, "quicksight-dashboard/refused");
        assertThat(QUICKSIGHT.requests()).hasSize(2);
    }
}
