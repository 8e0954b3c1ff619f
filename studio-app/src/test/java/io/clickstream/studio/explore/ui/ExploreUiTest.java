package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import io.clickstream.metadata.apps.AppRecord;
import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.metadata.projects.ProjectRecord;
import io.clickstream.metadata.projects.ProjectRepository;
import io.clickstream.studio.explore.ExploreEngine;
import io.clickstream.studio.explore.ShopLake;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.QueryExecutor;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.sql.BoundQuery;
import io.clickstream.studio.fixture.StudioUi;
import io.clickstream.studio.security.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Explore views in Karibu over the real studio context and engine: DuckDB over {@link ShopLake} (the app
 * {@code shop}, Europe/Paris, November 2026), "today" 2026-11-30. Every Explore view test extends this class so they
 * share one Spring context. The engine's executor is the real one behind a gate a test can close, to hold a query
 * running until it is cancelled.
 */
@SpringBootTest(properties = "clickstream.runtime=none")
@Import(ExploreUiTest.Engine.class)
abstract class ExploreUiTest {

    static final String APP = ShopLake.APP;
    static final String NOVEMBER = "range=2026-11-01..2026-11-30";
    static final Gate GATE = new Gate();

    @TestConfiguration
    static class Engine {

        @Bean
        @Primary
        Clock shopClock() {
            return Clock.fixed(ShopLake.NOW, ZoneOffset.UTC);
        }

        @Bean
        @Primary
        ExploreEngine gatedEngine(@Qualifier("exploreEngine") ExploreEngine engine) {
            GATE.delegate = engine.executor();
            return new ExploreEngine(engine.sql(), GATE, engine.versions());
        }
    }

    /** Passes queries to the real executor; while closed, holds each until it is cancelled (or opened). */
    static final class Gate implements QueryExecutor {

        volatile QueryExecutor delegate;
        volatile CountDownLatch closed;
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();

        @Override
        public ResultTable execute(BoundQuery query, QueryControl control) {
            CountDownLatch latch = closed;
            if (latch != null) {
                held.incrementAndGet();
                control.onCancel(latch::countDown);
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (control.isCancelled()) {
                    cancelled.incrementAndGet();
                    throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", null);
                }
            }
            return delegate.execute(query, control);
        }
    }

    @DynamicPropertySource
    static void shopLake(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("studio-explore-ui-");
        ShopLake.writeTo(dataDir.resolve("lake"));
        registry.add("clickstream.data-dir", dataDir::toString);
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    ProjectRepository projects;

    @Autowired
    AppRepository apps;

    @BeforeEach
    void startUi() {
        if (apps.find(APP).isEmpty()) {
            projects.create(new ProjectRecord("shop", "Shop", "", true));
            apps.create(new AppRecord(APP, "shop", "Shop web", "", ShopLake.ZONE.getId(), true, List.of(),
                    List.of("Web")));
        }
        StudioUi.start(context);
        StudioUi.signIn("ana", Roles.ANALYST);
    }

    @AfterEach
    void stopUi() {
        GATE.closed = null;
        StudioUi.stop();
    }

    /** Opens a route (with its query string) and waits for the query it runs to be on screen. */
    @SuppressWarnings("unchecked")
    static <V extends ExplorationView<?, ?>> V open(String location) {
        navigate(location);
        V view = (V) StudioUi.currentView();
        settle(view);
        return view;
    }

    /** Navigates as a link to {@code location} ({@code route?query}) does. */
    static void navigate(String location) {
        int question = location.indexOf('?');
        if (question < 0) {
            UI.getCurrent().navigate(location);
        } else {
            UI.getCurrent().navigate(location.substring(0, question),
                    QueryParameters.fromString(location.substring(question + 1)));
        }
    }

    /** Waits for the view's query to answer and applies what the answer pushes to the UI. */
    static void settle(ExplorationView<?, ?> view) {
        try {
            view.running.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the query did not finish", e);
        }
        MockVaadin.runUIQueue();
        assertThat(view.isRunning()).as("still running").isFalse();
    }

    /** The cells of a results grid as text, as it shows them. */
    static List<List<String>> cells(ResultGrid grid) {
        return grid.table.rows().stream().map(row -> {
            List<String> texts = new java.util.ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                texts.add(ResultGrid.text(grid.table.columns().get(i), row, i));
            }
            return texts;
        }).toList();
    }
}
