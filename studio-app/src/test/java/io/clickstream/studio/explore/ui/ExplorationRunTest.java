package io.clickstream.studio.explore.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import io.clickstream.studio.fixture.StudioUi;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Queries run off the UI thread, show progress, and can be cancelled, which stops the engine's query. */
class ExplorationRunTest extends ExploreUiTest {

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void a_running_query_shows_progress_and_cancel_stops_it_in_the_engine() throws Exception {
        GATE.closed = new CountDownLatch(1);
        int heldBefore = GATE.held.get();
        int cancelledBefore = GATE.cancelled.get();
        navigate("explore/retention?app=shop&range=2026-11-02..2026-11-29&start=view_item"
                + "&return=purchase&periods=3");
        RetentionExploreView view = (RetentionExploreView) StudioUi.currentView();
        waitUntil(() -> GATE.held.get() > heldBefore);

        assertThat(view.isRunning()).isTrue();
        assertThat(view.results.progress.isVisible()).isTrue();
        assertThat(view.results.cancel.isVisible()).isTrue();
        assertThat(view.output.getClassNames()).contains("cs-stale");

        LocatorJ._click(view.results.cancel);

        waitUntil(() -> GATE.cancelled.get() > cancelledBefore);
        view.running.get();
        MockVaadin.runUIQueue();
        assertThat(view.results.progress.isVisible()).isFalse();
        assertThat(view.isRunning()).isFalse();
        assertThat(view.messageTitle()).isEqualTo("Query cancelled");
        assertThat(view.result).isNull();
        assertThat(view.results.showSql.isEnabled()).isFalse();
    }

    @Test
    void leaving_the_view_cancels_its_query() throws Exception {
        GATE.closed = new CountDownLatch(1);
        int heldBefore = GATE.held.get();
        int cancelledBefore = GATE.cancelled.get();
        navigate("explore/attribution?app=shop&range=2026-11-03..2026-11-28&goal=purchase"
                + "&t1=view_item");
        waitUntil(() -> GATE.held.get() > heldBefore);

        UI.getCurrent().navigate("explore");

        waitUntil(() -> GATE.cancelled.get() > cancelledBefore);
        assertThat(StudioUi.currentView()).isInstanceOf(ExploreHubView.class);
    }

    @Test
    void a_newer_query_replaces_the_answer_of_an_older_one() throws Exception {
        GATE.closed = new CountDownLatch(1);
        int heldBefore = GATE.held.get();
        navigate("explore/event?app=shop&range=2026-11-04..2026-11-27&e1=view_item");
        EventExploreView view = (EventExploreView) StudioUi.currentView();
        waitUntil(() -> GATE.held.get() > heldBefore);
        CountDownLatch older = GATE.closed;
        GATE.closed = null;

        view.measure.setValue(io.clickstream.studio.explore.model.ComputeMethod.EVENTS);
        // The older query is let go after the newer one started: its late answer must not replace the newer one's
        // (and a one-thread pool does not keep the newer one waiting behind it).
        older.countDown();
        settle(view);

        assertThat(view.result).isNotNull();
        assertThat(view.query.computeMethod()).isEqualTo(io.clickstream.studio.explore.model.ComputeMethod.EVENTS);
        assertThat(view.grid.table.columns().get(1).format()).isEqualTo(ResultTable.Format.COUNT);
    }
}
