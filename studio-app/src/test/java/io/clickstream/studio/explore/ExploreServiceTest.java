package io.clickstream.studio.explore;

import io.clickstream.studio.base.FieldMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryFailure;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.explore.sql.DuckDbSql;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreServiceTest {

    static final TimeRange NOVEMBER = TimeRange.between(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
    static final List<EventSpec> FUNNEL = List.of(EventSpec.of("view_item"), EventSpec.of("add_to_cart"),
            EventSpec.of("purchase"));

    @TempDir
    static Path lake;
    static DuckDbExecutor duckDb;
    static ExploreService service;

    @BeforeAll
    static void writeLake() {
        ShopLake.writeTo(lake);
        duckDb = ExploreHarness.duckDb(lake);
        service = ExploreHarness.service(lake, Map.of(ShopLake.APP, ShopLake.ZONE), ShopLake.NOW, duckDb, 100);
    }

    @AfterAll
    static void close() throws Exception {
        duckDb.close();
    }

    @Test
    void a_rolling_day_window_converts_across_midnight_and_not_one_millisecond_late() {
        FunnelResult result = service.funnel(ShopLake.APP, new FunnelQuery(NOVEMBER, FUNNEL,
                Window.of(1, Window.Unit.DAY), false, null, List.of(), Join.AND, 2, 10));
        assertThat(result.steps()).extracting(FunnelResult.Step::event, FunnelResult.Step::users)
                .containsExactly(tuple("view_item", 3L), tuple("add_to_cart", 2L), tuple("purchase", 1L));
        assertThat(result.steps().get(1).conversionRate()).isEqualTo(2.0 / 3);
        // u1 31 s, u4 12 h: the median of two is their mean
        assertThat(result.steps().get(1).medianSecondsToConvert()).isEqualTo((31 + 12 * 3600) / 2.0);
        assertThat(result.steps().get(0).conversionRate()).isEqualTo(1.0);
        assertThat(result.steps().get(0).medianSecondsToConvert()).isNull();
        assertThat(result.droppedUsers()).containsExactly("u2");
        assertThat(result.sql()).contains("COUNT(*) AS users").contains("-- parameters:");
    }

    @Test
    void a_session_window_needs_the_steps_in_step_ones_session() {
        FunnelResult result = service.funnel(ShopLake.APP, new FunnelQuery(NOVEMBER, FUNNEL.subList(0, 2),
                new Window(null, Window.Unit.SESSION), false, "platform", List.of(), Join.AND, null, null));
        // ShopLake's sessions are clock hours: only u1 (23:59:59 and 00:00:30 are different hours) fails too.
        assertThat(result.steps()).extracting(FunnelResult.Step::users).containsExactly(3L, 0L);
        assertThat(result.groups()).extracting(FunnelResult.Group::group).containsExactly("Android", "Web", "iOS");
    }

    @Test
    void retention_counts_returns_per_day_after_the_cohort_and_leaves_future_periods_empty() {
        var result = service.retention(ShopLake.APP, new RetentionQuery(
                TimeRange.between(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 13)), EventSpec.of("view_item"),
                EventSpec.of("view_item"), Granularity.DAY, 4, null, List.of(), Join.AND));
        assertThat(result.cohorts()).hasSize(2);
        // cohort of the 10th: u1 (23:59:59 Paris is still the 10th) and u4; both view again on the 12th
        assertThat(result.cohorts().get(0).start()).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(result.cohorts().get(0).retained()).containsExactly(2L, 0L, 2L, 0L, null);
        assertThat(result.cohorts().get(1).start()).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(result.cohorts().get(1).retained()).containsExactly(1L, 0L, null, null, null);
    }

    @Test
    void names_every_invalid_field() {
        FunnelQuery bad = new FunnelQuery(TimeRange.between(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 1)),
                List.of(EventSpec.of("view_item"), EventSpec.of("no_such_event")), Window.of(0, Window.Unit.DAY),
                false, "not_a_column", List.of(), Join.AND, null, null);
        assertThatThrownBy(() -> service.funnel(ShopLake.APP, bad)).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.errors()).extracting(FieldMessage::field)
                        .containsExactlyInAnyOrder("timeRange", "steps[1].event", "window.value", "groupBy"));
        FunnelQuery tooMany = new FunnelQuery(NOVEMBER, Collections.nCopies(11, EventSpec.of("view_item")),
                new Window(null, Window.Unit.SAME_DAY), false, null, List.of(), Join.AND, null, null);
        assertThatThrownBy(() -> service.funnel(ShopLake.APP, tooMany)).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.errors()).extracting(FieldMessage::field).containsExactly("steps", "window.unit"));
        EventQuery noRange = new EventQuery(null, List.of(EventSpec.of("view_item")), Granularity.DAY,
                ComputeMethod.SUM, null, null, List.of(), Join.AND);
        assertThatThrownBy(() -> service.event(ShopLake.APP, noRange)).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.errors()).extracting(FieldMessage::field).containsExactly("timeRange", "valueProperty"));
        assertThatThrownBy(() -> service.event("nope", noRange)).isInstanceOf(UnknownAppException.class);
    }

    @Test
    void a_cached_answer_is_served_until_an_etl_commit_changes_the_data(@TempDir Path ownLake) {
        ShopLake.writeTo(ownLake);
        ExploreService cached = ExploreHarness.service(ownLake, Map.of(ShopLake.APP, ShopLake.ZONE), ShopLake.NOW,
                duckDb, 100);
        EventQuery views = new EventQuery(NOVEMBER, List.of(EventSpec.of("view_item")), Granularity.MONTH,
                ComputeMethod.EVENTS, null, null, List.of(), Join.AND);
        assertThat(cached.event(ShopLake.APP, views).series().get(0).points().get(0).value()).isEqualTo(5L);
        assertThat(cached.event(ShopLake.APP, views).series().get(0).points().get(0).value()).isEqualTo(5L);
        assertThat(cached.cacheHits()).isEqualTo(1);
        // a later ETL run adds a file with a late event to a partition that already has one
        ModeledLake.append(ownLake, List.of(ShopLake.event("e99", "u9", "view_item",
                ShopLake.at("2026-11-10T12:00:00"), "Web", Map.of())), Map.of(ShopLake.APP, ShopLake.ZONE));
        assertThat(cached.event(ShopLake.APP, views).series().get(0).points().get(0).value()).isEqualTo(6L);
        assertThat(cached.cacheHits()).isEqualTo(1);
    }

    @Test
    void the_user_who_started_a_query_can_cancel_it_by_its_id() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ExploreService slow = ExploreHarness.service(new ExploreEngine(ExploreHarness.duckDbSql(lake), (query, control) -> {
            started.countDown();
            control.onCancel(() -> { });
            while (!control.isCancelled()) {
                Thread.onSpinWait();
            }
            throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", null);
        }, appId -> "v"), Map.of(ShopLake.APP, ShopLake.ZONE), ShopLake.NOW, 0);
        EventQuery query = new EventQuery(NOVEMBER, List.of(EventSpec.of("view_item")), Granularity.DAY,
                ComputeMethod.USERS, null, null, List.of(), Join.AND);
        CompletableFuture<?> running = CompletableFuture.runAsync(() ->
                slow.event(ShopLake.APP, query, new ExploreService.Caller("alice", "q-1")));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.cancel("q-1", "bob")).isFalse();
        assertThat(slow.cancel("q-2", "alice")).isFalse();
        assertThat(slow.cancel("q-1", "alice")).isTrue();
        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(QueryFailure.class);
        assertThat(slow.cancel("q-1", "alice")).isFalse();
    }

    @Test
    void an_app_without_data_yet_answers_zeros() {
        ExploreService empty = ExploreHarness.service(lake.resolve("none"), Map.of("new-app", ShopLake.ZONE),
                ShopLake.NOW, duckDb, 0);
        var result = empty.event("new-app", new EventQuery(TimeRange.lastDays(7), List.of(EventSpec.of("view_item")),
                Granularity.DAY, ComputeMethod.USERS, null, null, List.of(), Join.AND));
        assertThat(result.series()).singleElement().satisfies(s -> {
            assertThat(s.points()).hasSize(7).allSatisfy(p -> assertThat(p.value()).isEqualTo(0L));
            assertThat(s.points().get(6).date()).isEqualTo(LocalDate.of(2026, 11, 30));
        });
        assertThat(DuckDbSql.holdsParquet(lake.resolve("none"))).isFalse();
        assertThat(ResultTable.normalize(Arrays.asList(1).get(0))).isEqualTo(1L);
    }
}
