package io.clickstream.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.clickstream.model.ParsedEvent;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.SdkEvent;
import io.clickstream.model.SdkEventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The official web SDK ({@code @aws/clickstream-web} from npm, bundled by the build) in Debian's headless Chromium,
 * on a page served from another origin than the collector, so that every request goes through a CORS preflight and
 * {@code credentials: include}. Everything the page records must land in the lake.
 */
class WebSdkBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SDK_BUNDLE = Path.of("target/web-sdk/clickstream-web.js");
    static final Path PAGE = Path.of("src/test/web-sdk/index.html");
    static final String APP = "shop";

    @TempDir
    Path lake;
    @TempDir
    Path profile;

    private IngestionServer collector;
    private HttpServer site;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.stop(0);
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void events_recorded_by_the_official_web_sdk_all_land_in_the_lake() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This test drives Debian's Chromium and needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ". Install them with: apt-get update && apt-get install -y chromium chromium-driver");
        }
        assertThat(SDK_BUNDLE).as("the web SDK bundle the build makes in generate-test-resources").isRegularFile();
        site = startSite();
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        collector = IngestionServer.start(IngestionSettings.defaults(lake,
                        StaticAppRegistry.of(new AppPolicy(APP, true, Set.of(origin))))
                .withHost("127.0.0.1").withNodeId("browser-node"));
        String endpoint = "http://127.0.0.1:" + collector.port() + "/collect";

        browser = startChromium();
        browser.get(origin + "/index.html?appId=" + APP + "&endpoint=" + endpoint);
        JavascriptExecutor js = browser;
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> Boolean.TRUE.equals(js.executeScript(
                "const r = window.sdkRequests;"
                        + " return window.sdkScriptDone === true && r.started > 0 && r.started === r.finished")));
        // The SDK sends each event on its own; wait until no request is in flight for a moment.
        long settled = System.nanoTime();
        long lastFinished = -1;
        while (System.nanoTime() - settled < Duration.ofSeconds(2).toNanos()) {
            long finished = ((Number) js.executeScript("return window.sdkRequests.finished")).longValue();
            long started = ((Number) js.executeScript("return window.sdkRequests.started")).longValue();
            if (finished != lastFinished || started != finished) {
                lastFinished = finished;
                settled = System.nanoTime();
            }
            Thread.sleep(100);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> requests = (Map<String, Object>) js.executeScript("return window.sdkRequests");
        assertThat((List<?>) requests.get("errors")).as("fetch errors (CORS or network)").isEmpty();
        assertThat((List<?>) requests.get("statuses")).as("collector responses").isNotEmpty()
                .allSatisfy(status -> assertThat(((Number) status).intValue()).isEqualTo(200));
        collector.close();

        List<RawEnvelope> envelopes = LakeFiles.envelopes(lake);
        assertThat(envelopes).hasSize(((List<?>) requests.get("statuses")).size());
        List<SdkEvent> events = new ArrayList<>();
        for (RawEnvelope envelope : envelopes) {
            assertThat(envelope.appId()).isEqualTo(APP);
            assertThat(envelope.platform()).isEqualTo("Web");
            assertThat(envelope.uri()).contains("hashCode=").contains("event_bundle_sequence_id=");
            assertThat(envelope.ua()).contains("Chrome");
            for (ParsedEvent parsed : SdkEventCodec.decodeBatch(envelope.data())) {
                assertThat(parsed.isValid()).as(parsed.reason() + ": " + parsed.rawJson()).isTrue();
                events.add(parsed.event());
            }
        }
        assertThat(events).extracting(SdkEvent::eventType)
                .contains("_first_open", "_session_start", "_page_view", "_profile_set", "button_click", "view_item",
                        "add_to_cart");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.appId()).isEqualTo(APP);
            assertThat(event.platform()).isEqualTo("Web");
            assertThat(event.sdkName()).isNotBlank();
            assertThat(event.uniqueId()).isNotBlank();
        });

        SdkEvent click = only(events, "button_click");
        assertThat(click.attributeText("event_category")).isEqualTo("shoes");
        assertThat(click.attributeText("currency")).isEqualTo("CNY");
        assertThat(click.attributeDouble("value")).isEqualTo(279.9);
        assertThat(click.attributes().get("in_stock")).isEqualTo(Boolean.TRUE);
        assertThat(click.attributeText("_session_id")).isNotBlank();
        assertThat(click.userId()).isEqualTo("user-42");
        // The SDK sends custom user attributes with the profile event; every event carries the user id.
        assertThat(events).filteredOn(event -> event.eventType().equals("_profile_set"))
                .anySatisfy(profile -> {
                    assertThat(profile.userId()).isEqualTo("user-42");
                    assertThat(profile.user().get("userName")).isNotNull()
                            .extracting(SdkEvent.UserAttribute::value).isEqualTo("carl");
                    assertThat(profile.user().get("userAge")).isNotNull()
                            .extracting(SdkEvent.UserAttribute::value).isEqualTo(22L);
                });

        SdkEvent viewItem = only(events, "view_item");
        assertThat(viewItem.attributeText("_currency")).isEqualTo("USD");
        assertThat(viewItem.attributeDouble("_value")).isEqualTo(99.0);
        assertThat(viewItem.items()).hasSize(2);
        SdkEvent.Item book = viewItem.items().get(0);
        assertThat(book.id()).isEqualTo("123");
        assertThat(book.name()).isEqualTo("Nature");
        assertThat(book.category()).isEqualTo("book");
        assertThat(book.price()).isEqualTo(99.0);
        assertThat(book.custom()).containsEntry("book_publisher", "Nature Research");
        assertThat(viewItem.items().get(1).quantity()).isEqualTo(2L);

        assertThat(events).filteredOn(event -> event.eventType().equals("_page_view"))
                .extracting(event -> event.attributeText("_page_url"))
                .anySatisfy(url -> assertThat(url).isEqualTo(origin + "/index.html?appId=" + APP + "&endpoint="
                        + endpoint))
                .anySatisfy(url -> assertThat(url).isEqualTo(origin + "/product/123?ref=home"));
        assertThat(only(events, "add_to_cart").attributeText("_page_url")).isEqualTo(origin + "/product/123?ref=home");
    }

    private static SdkEvent only(List<SdkEvent> events, String name) {
        List<SdkEvent> named = events.stream().filter(event -> event.eventType().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }

    /** The test shop: the page and the SDK bundle, on an origin of its own. */
    private static HttpServer startSite() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = switch (path) {
                case "/index.html" -> PAGE;
                case "/clickstream-web.js" -> SDK_BUNDLE;
                default -> null;
            };
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type",
                    path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private ChromeDriver startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
