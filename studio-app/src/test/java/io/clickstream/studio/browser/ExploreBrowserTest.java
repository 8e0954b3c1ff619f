package io.clickstream.studio.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.explore.ExploreService;
import io.clickstream.studio.explore.ModeledEvent;
import io.clickstream.studio.explore.ShopJourneys;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.fixture.HeadlessChromium;
import io.clickstream.studio.fixture.SignInForm;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An analyst's exploration in Debian's headless Chromium on a generated month of a shop: build a funnel by picking
 * its steps in the builder, see the chart and the grid show the engine's numbers (which equal a brute-force count
 * of the generated events), save it and put it on a new dashboard whose tile shows the same numbers, then open
 * each analysis from a link. Saves a screenshot of every analysis view under
 * {@code target/screenshots/explore-*.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clickstream.runtime=none", "clickstream.demo=false"})
@Import(ExploreBrowserTest.ShopClock.class)
class ExploreBrowserTest {

    static final List<ModeledEvent> EVENTS = ShopJourneys.generate(7, 150);
    static final String RANGE = "2026-11-01..2026-11-29";
    static final List<String> STEPS = List.of("view_item", "add_to_cart", "purchase");

    static ChromeDriver browser;

    @TestConfiguration
    static class ShopClock {

        @Bean
        @Primary
        Clock shopClock() {
            return Clock.fixed(ShopJourneys.NOW, ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ExploreService explore;

    @Autowired
    ProjectRepository projects;

    @Autowired
    AppRepository apps;

    @DynamicPropertySource
    static void shopLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-explore-browser-");
        ShopJourneys.writeTo(dataDir.resolve("lake"), EVENTS);
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
    void builds_a_funnel_and_shows_the_engines_numbers_then_every_analysis() throws IOException {
        projects.create(new ProjectRecord("shop", "Shop", "", true));
        apps.create(new AppRecord(ShopJourneys.APP, "shop", "Shop", "", ShopJourneys.ZONE.getId(), true, List.of(),
                List.of("Web", "Android", "iOS")));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        SignInForm.signIn(browser, url(""), "admin", "admin", "explore-password");

        browser.get(url("/explore/funnel?app=shop&range=" + RANGE));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cs-explore-builder")));
        pickEvent(wait, "Step 1", "view_item");
        pickEvent(wait, "Step 2", "add_to_cart");
        browser.findElement(By.xpath("//vaadin-button[normalize-space(.)='Add step']")).click();
        pickEvent(wait, "Step 3", "purchase");
        wait.until(ExpectedConditions.urlContains("s3=purchase"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#funnel-chart[rendered]")));

        FunnelResult engine = asAnalyst(() -> explore.funnel(ShopJourneys.APP, new FunnelQuery(
                TimeRange.between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 29)),
                STEPS.stream().map(e -> new EventSpec(e, List.of(), null)).toList(), Window.of(1, Window.Unit.DAY),
                null, null, List.of(), null, null, null)));
        List<Long> users = engine.steps().stream().map(FunnelResult.Step::users).toList();
        assertThat(users).as("engine against a count by hand").isEqualTo(referenceFunnel());
        assertThat(users.get(2)).as("some users buy").isPositive();
        wait.until(driver -> seriesData("funnel-chart").equals(users));
        List<String> cells = gridCells(0);
        for (FunnelResult.Step step : engine.steps()) {
            assertThat(cells).contains(String.format(java.util.Locale.ENGLISH, "%,d", step.users()));
        }
        assertThat(cells).contains(percent(engine.steps().get(2).conversionRate()));
        HeadlessChromium.screenshot(browser, "screenshots/explore-funnel");

        // The link in the address bar reopens the same funnel in a fresh page.
        String link = browser.getCurrentUrl();
        browser.get(link);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#funnel-chart[rendered]")));
        assertThat(seriesData("funnel-chart")).isEqualTo(users);

        // Add to a dashboard: saved first (name and description), then a new dashboard with it as a tile, which
        // runs it over the dashboard's range (the last 30 days to Nov 30: the same events).
        browser.findElement(By.id("add-to-dashboard-button")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#save-name input"))).sendKeys("Shop funnel");
        browser.findElement(By.cssSelector("#save-description textarea")).sendKeys("Views to purchases");
        HeadlessChromium.screenshot(browser, "screenshots/explore-save");
        browser.findElement(By.id("save-exploration")).click();
        wait.until(ExpectedConditions.urlContains("add-to-dashboard"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("add-to-dashboard"))).click();
        wait.until(ExpectedConditions.urlContains("/dashboards/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cs-tile cs-echart[rendered]")));
        assertThat(browser.findElement(By.cssSelector(".cs-tile")).getText()).contains("Shop funnel");
        assertThat(seriesDataOf(".cs-tile cs-echart")).isEqualTo(users);
        HeadlessChromium.screenshot(browser, "screenshots/explore-funnel-on-dashboard");

        Map<String, String> views = new java.util.LinkedHashMap<>();
        views.put("event", "/explore/event?app=shop&range=" + RANGE
                + "&e1=page_view&e2=purchase&measure=users&by=day&group=platform");
        views.put("path", "/explore/path?app=shop&range=" + RANGE + "&node=page_title&depth=5");
        views.put("retention", "/explore/retention?app=shop&range=" + RANGE
                + "&start=session_start&return=session_start&period=day&periods=7");
        views.put("attribution", "/explore/attribution?app=shop&range=" + RANGE
                + "&goal=purchase&of=event.amount&model=linear&window=1d&touch=traffic_source&t1=session_start");
        views.put("lifecycle", "/explore/lifecycle?app=shop&range=" + RANGE);
        for (Map.Entry<String, String> view : views.entrySet()) {
            browser.get(url(view.getValue()));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#" + view.getKey() + "-chart[rendered]")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cs-result-grid vaadin-grid")));
            assertThat(browser.findElements(By.cssSelector(".cs-explore-message.cs-error"))).isEmpty();
            HeadlessChromium.screenshot(browser, "screenshots/explore-" + view.getKey());
        }

        // A relative range that is no preset: kept in the address, named in the header, its count beside it, at
        // laptop and tablet widths.
        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 1180}}) {
                browser.manage().window().setSize(new Dimension(size[0], size[1]));
                browser.get(url("/explore/lifecycle?app=shop&range=12w"));
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#lifecycle-chart[rendered]")));
                assertThat(browser.getCurrentUrl()).contains("range=12w");
                wait.until(driver -> "Last 12 weeks".equals(((JavascriptExecutor) browser).executeScript("return "
                        + "document.querySelector('#range-picker > vaadin-select-value-button').textContent.trim();")));
                assertThat(browser.findElement(By.cssSelector("#range-last input")).getAttribute("value"))
                        .isEqualTo("12");
                long overflow = ((Number) ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
                assertThat(overflow).as("horizontal scrolling at " + size[0] + "px").isLessThanOrEqualTo(0);
                HeadlessChromium.screenshot(browser, "screenshots/explore-last-12-weeks-" + size[0] + "x" + size[1]);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    /** Users per step of a 1-day rolling funnel, counted from the generated events by brute force. */
    static List<Long> referenceFunnel() {
        Map<String, List<ModeledEvent>> byUser = new HashMap<>();
        LocalDate last = LocalDate.of(2026, 11, 29);
        for (ModeledEvent e : EVENTS) {
            if (!e.eventDate(ShopJourneys.ZONE).isAfter(last)) {
                byUser.computeIfAbsent(e.userPseudoId(), u -> new ArrayList<>()).add(e);
            }
        }
        long[] counts = new long[STEPS.size()];
        for (List<ModeledEvent> events : byUser.values()) {
            events.sort(java.util.Comparator.comparingLong(ModeledEvent::timeMsec));
            ModeledEvent first = events.stream().filter(e -> e.eventName().equals(STEPS.get(0))).findFirst()
                    .orElse(null);
            if (first == null) {
                continue;
            }
            counts[0]++;
            ModeledEvent previous = first;
            for (int step = 1; step < STEPS.size(); step++) {
                ModeledEvent at = previous;
                String name = STEPS.get(step);
                ModeledEvent next = events.stream().filter(e -> e != at && e.eventName().equals(name)
                                && e.timeMsec() >= at.timeMsec() && e.timeMsec() <= first.timeMsec() + 86_400_000L)
                        .findFirst().orElse(null);
                if (next == null) {
                    break;
                }
                counts[step]++;
                previous = next;
            }
        }
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    /** Types into the combo box labelled {@code label} and picks the item that shows the event's name. */
    private static void pickEvent(WebDriverWait wait, String label, String event) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[aria-label='" + label + "']")));
        input.click();
        input.sendKeys(event);
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//vaadin-combo-box-item[contains(normalize-space(.), '" + event + "')]"))).click();
        wait.until(driver -> driver.findElements(By.cssSelector("vaadin-combo-box-overlay[opened]")).isEmpty());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<Long> seriesData(String chartId) {
        return seriesDataOf("#" + chartId);
    }

    /** The first series' values of the chart the selector finds. */
    @SuppressWarnings("unchecked")
    private static List<Long> seriesDataOf(String selector) {
        Object data = ((JavascriptExecutor) browser).executeScript(
                "const chart = document.querySelector(arguments[0]).chart;"
                        + "if (!chart) return null;"
                        + "return chart.getOption().series[0].data.map(d => d !== null && typeof d === 'object'"
                        + " ? d.value : d);", selector);
        return data == null ? List.of() : ((List<Number>) data).stream().map(Number::longValue).toList();
    }

    /** The texts of the cells of the n-th results grid on the page. */
    @SuppressWarnings("unchecked")
    private static List<String> gridCells(int n) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "const grid = document.querySelectorAll('.cs-result-grid vaadin-grid')[arguments[0]];"
                        + "return [...grid.querySelectorAll('vaadin-grid-cell-content')].map(c => c.textContent.trim());",
                n);
    }

    private static String percent(double share) {
        double value = share * 100;
        return (value >= 99.95 || value == 0 ? String.format(java.util.Locale.ENGLISH, "%.0f", value)
                : String.format(java.util.Locale.ENGLISH, "%.1f", value)) + "%";
    }

    private static <T> T asAnalyst(java.util.function.Supplier<T> call) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("test", null,
                List.of(new SimpleGrantedAuthority("ROLE_" + Roles.ANALYST))));
        try {
            return call.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
