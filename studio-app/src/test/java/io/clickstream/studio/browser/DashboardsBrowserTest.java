package io.clickstream.studio.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.dashboard.DashboardInput;
import io.clickstream.studio.dashboard.DashboardService;
import io.clickstream.studio.dashboard.builtin.DashboardLake;
import io.clickstream.studio.dashboard.builtin.DashboardLake.Event;
import io.clickstream.studio.explore.model.Analysis;
import io.clickstream.studio.explore.saved.SavedExploration;
import io.clickstream.studio.explore.saved.SavedExplorationInput;
import io.clickstream.studio.explore.saved.SavedExplorationService;
import io.clickstream.studio.fixture.ApiClient;
import io.clickstream.studio.fixture.DashboardUiTest.ManualLakeCommits;
import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.SignInForm;
import io.clickstream.studio.fixture.StudioTestProperties;
import io.clickstream.studio.security.Roles;
import io.clickstream.studio.security.UserService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboards in Debian's headless Chromium on the production bundle, over a shop registered in Europe/Paris with
 * traffic up to now: every built-in dashboard as an Analyst and as a Reader (charts drawn, days in the app's zone),
 * a custom dashboard as a Reader (no edit control; the API refuses the Reader's change), Realtime moving through
 * server push after an ETL commit, the not-found page inside the shell, the favicon, and the Overview at 1280x800 and
 * at a tablet's width. Screenshots of each go to {@code target/screenshots/dashboards/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
@Import(DashboardsBrowserTest.Signal.class)
class DashboardsBrowserTest {

    static final String APP = DashboardLake.APP;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final DashboardLake LAKE = DashboardLake.generate(5, NOW.minusSeconds(90), 150, 35);
    static final Path DATA_DIR = dataDir();
    static final String PASSWORD = "browser-password";
    static final String[][] BUILT_IN = {{"", "Overview"}, {"acquisition", "Acquisition"},
            {"engagement", "Engagement"}, {"retention", "Retention"}, {"devices", "Devices"},
            {"details", "Details"}, {"realtime", "Realtime"}};

    static ChromeDriver browser;
    static String dashboardId;

    /** A failed test leaves a screenshot of what the browser showed, named after it. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            try {
                shot("failed-" + context.getRequiredTestMethod().getName());
                System.err.println("Page at failure (" + browser.getCurrentUrl() + "):\n"
                        + browser.findElement(By.tagName("body")).getText());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    };

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    /** ETL commits as the test makes them. */
    @TestConfiguration
    static class Signal {
        @Bean
        @Primary
        ManualLakeCommits manualLakeCommits() {
            return new ManualLakeCommits();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("clickstream.data-dir", DATA_DIR::toString);
        StudioTestProperties.registerTokens(registry);
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
    void each_dashboard_draws_for_an_analyst_and_a_reader_who_cannot_edit() throws Exception {
        registerShopUsersAndDashboard();
        for (String[] user : new String[][] {{"ana", "analyst"}, {"rita", "reader"}}) {
            signIn(user[0]);
            for (String[] dashboard : BUILT_IN) {
                open(dashboard[0] + "?app=" + APP + "&range=30d");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(d -> visible(".cs-dashboard-content") || visible(".cs-failure"));
                assertThat(visible(".cs-failure")).as(dashboard[1] + " for " + user[1]).isFalse();
                if (!dashboard[0].equals("details")) {
                    wait.until(d -> count("cs-echart[rendered]") >= 1 && count("cs-echart:not([rendered])") == 0);
                }
                if (dashboard[0].equals("retention")) {
                    // Every cohort's date sits in the first column, under "Cohort".
                    assertThat(browser.findElements(By.cssSelector(".cs-cohorts [role=rowheader]")).stream()
                            .map(cell -> cell.getRect().getX()).distinct().toList())
                            .containsExactly(browser.findElement(By.cssSelector(".cs-cohorts [role=columnheader]"))
                                    .getRect().getX());
                }
                assertThat(text(".cs-dashboard-header")).as(dashboard[1] + " names the app's zone")
                        .contains("Europe/Paris").doesNotContain("UTC");
                shot(user[1] + "-" + dashboard[1].toLowerCase());
            }

            open("dashboards/" + dashboardId + "?app=" + APP + "&range=30d");
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(d -> count("#dashboard-tiles cs-echart[rendered]") == 2);
            boolean editable = user[1].equals("analyst");
            assertThat(visible("#edit-dashboard")).as("edit control for " + user[1]).isEqualTo(editable);
            shot(user[1] + "-custom-dashboard");
            signOut();
        }

        ApiClient api = new ApiClient(port);
        ApiClient.Answer read = api.call("GET", "/api/v1/dashboards/" + dashboardId,
                StudioTestProperties.TOKENS.get(Roles.READER), null);
        assertThat(read.status()).isEqualTo(200);
        ApiClient.Answer change = api.call("PUT", "/api/v1/dashboards/" + dashboardId,
                StudioTestProperties.TOKENS.get(Roles.READER), Map.of("name", "Renamed by a reader", "tiles", List.of()),
                "If-Match", read.header("ETag"));
        assertThat(change.status()).isEqualTo(403);
        assertThat(api.call("GET", "/api/v1/dashboards/" + dashboardId, StudioTestProperties.TOKENS.get(Roles.READER),
                null).json().path("name").asText()).isEqualTo("Shop pulse");
    }

    @Test
    void realtime_moves_through_server_push_after_an_etl_commit() throws Exception {
        registerShopUsersAndDashboard();
        signIn("rita");
        // The last hour ends at the next minute: a reading on each side of a minute's turn counts different hours,
        // so the page is opened early in a minute, leaving half a minute for the commit to reach it.
        while (Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() > 25) {
            Thread.sleep(250);
        }
        open("realtime?app=" + APP);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> count("#events-per-minute[rendered]") == 1);
        String before = kpi("realtime-events-hour");

        Event newest = LAKE.events().get(LAKE.events().size() - 1);
        List<Event> sent = IntStream.range(0, 4)
                .mapToObj(i -> newest.sentAgain("pushed-" + i, Instant.now().toEpochMilli() - 1_000L * i)).toList();
        DashboardLake.of(sent).writeTo(DATA_DIR.resolve("lake"));
        long committed = System.nanoTime();
        context.getBean(ManualLakeCommits.class).commit();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !kpi("realtime-events-hour").equals(before));
        long millis = (System.nanoTime() - committed) / 1_000_000;

        assertThat(Long.parseLong(kpi("realtime-events-hour").replace(",", "")))
                .isEqualTo(Long.parseLong(before.replace(",", "")) + 4);
        assertThat(millis).as("from the commit to the new figure in the page").isLessThan(10_000);
        shot("realtime-after-commit");
        signOut();
    }

    @Test
    void the_shell_shows_unknown_pages_serves_its_icon_and_fits_a_laptop_and_a_tablet() throws Exception {
        registerShopUsersAndDashboard();
        HttpResponse<byte[]> icon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/favicon.ico")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body().length).isGreaterThan(100);

        browser.get("http://localhost:" + port + "/login?error");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> count("vaadin-login-form") == 1);
        shot("sign-in-error");

        signIn("ana");
        open("no-such-page?app=" + APP);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("not-found-home")));
        assertThat(text(".cs-not-found")).contains("There is no page at /no-such-page");
        assertThat(count("vaadin-side-nav-item")).as("the menu is there").isGreaterThan(3);
        shot("not-found");
        browser.findElement(By.id("not-found-home")).click();
        wait.until(d -> count("#events-per-day[rendered]") == 1);

        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 1180}}) {
                browser.manage().window().setSize(new Dimension(size[0], size[1]));
                open("?app=" + APP + "&range=30d");
                wait.until(d -> count("#events-per-day[rendered]") == 1);
                long overflow = ((Number) ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
                assertThat(overflow).as("horizontal scrolling at " + size[0] + "px").isLessThanOrEqualTo(0);
                shot("overview-" + size[0] + "x" + size[1]);
            }
            // Reloading keeps the chosen app: it is in the address.
            browser.navigate().refresh();
            wait.until(d -> count("#events-per-day[rendered]") == 1);
            assertThat(browser.getCurrentUrl()).contains("app=" + APP);
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1000));
        }
        signOut();
    }

    // -------------------------------------------------------------------------------------------------------------

    void registerShopUsersAndDashboard() throws Exception {
        if (dashboardId != null) {
            return;
        }
        ProjectRepository projects = context.getBean(ProjectRepository.class);
        AppRepository apps = context.getBean(AppRepository.class);
        projects.create(new ProjectRecord("browser-shop", "Browser shop", "", true));
        apps.create(new AppRecord(APP, "browser-shop", "Paris shop", "", "Europe/Paris", true, List.of(),
                List.of("Web", "Android", "iOS")));
        as(Roles.ADMINISTRATOR);
        UserService users = context.getBean(UserService.class);
        users.create(new UserService.NewUser("ana", PASSWORD, List.of(Roles.ANALYST)));
        users.create(new UserService.NewUser("rita", PASSWORD, List.of(Roles.READER)));
        as(Roles.ANALYST);
        ObjectMapper json = new ObjectMapper();
        SavedExplorationService explorations = context.getBean(SavedExplorationService.class);
        SavedExploration views = explorations.create(APP, new SavedExplorationInput("Page views", "", Analysis.EVENT,
                json.readTree("{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},\"events\":[{\"event\":\"_page_view\"}]}"),
                null)).value();
        SavedExploration carts = explorations.create(APP, new SavedExplorationInput("Carts by platform", "",
                Analysis.EVENT, json.readTree("{\"timeRange\":{\"last\":7,\"unit\":\"DAY\"},\"events\":[{\"event\":"
                        + "\"add_to_cart\"}],\"groupBy\":\"platform\",\"computeMethod\":\"users\"}"), null)).value();
        dashboardId = context.getBean(DashboardService.class).create(APP, new DashboardInput("Shop pulse", "",
                List.of(), List.of(new DashboardInput.TileInput(null, views.id(), 2, 1),
                        new DashboardInput.TileInput(null, carts.id(), 2, 1)), null)).value().id();
        SecurityContextHolder.clearContext();
    }

    static void as(String role) {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("setup", "unused", "ROLE_" + role));
    }

    /** Signs in with the form; a first sign-in chooses a new password (the same one again is refused, so: twice). */
    void signIn(String username) {
        passwords.put(username, SignInForm.signIn(browser, "http://localhost:" + port, username,
                passwords.getOrDefault(username, PASSWORD), PASSWORD + "-2"));
    }

    static final Map<String, String> passwords = new java.util.concurrent.ConcurrentHashMap<>();

    void signOut() {
        browser.manage().deleteAllCookies();
    }

    void open(String route) {
        browser.get("http://localhost:" + port + "/" + route);
    }

    static boolean visible(String css) {
        return browser.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    static long count(String css) {
        return browser.findElements(By.cssSelector(css)).size();
    }

    static String text(String css) {
        return browser.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).findFirst().orElse("");
    }

    static String kpi(String id) {
        return browser.findElement(By.cssSelector("#" + id + " .cs-kpi-value")).getText();
    }

    static void shot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, "screenshots/dashboards/" + name);
    }

    private static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("studio-dashboards-browser-");
            LAKE.writeTo(dir.resolve("lake"));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
