package io.clickstream.studio.explore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.studio.explore.sql.BoundQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbExecutorTest {

    /** Minutes of work for DuckDB: a cross join counted row by row. */
    static final BoundQuery LONG = new BoundQuery("SELECT count(*) FROM range(100000000) a, range(1000) b "
            + "WHERE (a.range * b.range) % 7 = ?", List.of(3L));

    @TempDir
    static Path lake;
    static DuckDbExecutor duckDb;

    @BeforeAll
    static void start() {
        duckDb = new DuckDbExecutor(lake.toString(), 2, 1, "512MB");
    }

    @AfterAll
    static void stop() throws Exception {
        duckDb.close();
    }

    @Test
    void binds_values_and_returns_plain_java_types() {
        ResultTable table = duckDb.execute(new BoundQuery("SELECT CAST(? AS DATE) AS d, ? || '!' AS s, 40 + ? AS n, "
                + "CAST(? AS DOUBLE) / 4 AS x", List.of("2026-11-05", "it's", 2, 3.0)), new QueryControl(Duration.ofSeconds(5)));
        assertThat(table.rows()).containsExactly(List.of(java.time.LocalDate.of(2026, 11, 5), "it's!", 42L, 0.75));
    }

    @Test
    void cancel_interrupts_a_running_query() throws Exception {
        QueryControl control = new QueryControl(Duration.ofMinutes(5));
        CompletableFuture<ResultTable> running = CompletableFuture.supplyAsync(() -> duckDb.execute(LONG, control));
        Thread.sleep(300);
        long start = System.nanoTime();
        control.cancel();
        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(QueryFailure.class,
                f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.CANCELLED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // The connection went back to the pool in working order.
        assertThat(duckDb.execute(new BoundQuery("SELECT 1", List.of()), new QueryControl(Duration.ofSeconds(5))).rows())
                .containsExactly(List.of(1L));
    }

    @Test
    void a_query_past_its_timeout_is_stopped() {
        assertThatThrownBy(() -> duckDb.execute(LONG, new QueryControl(Duration.ofMillis(300))))
                .isInstanceOfSatisfying(QueryFailure.class, f -> assertThat(f.reason()).isEqualTo(QueryFailure.Reason.TIMEOUT));
    }

    @Test
    void refuses_anything_but_a_query() {
        assertThatThrownBy(() -> duckDb.execute(new BoundQuery("COPY (SELECT 1) TO '/tmp/x.csv'", List.of()),
                new QueryControl(Duration.ofSeconds(5)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> duckDb.execute(new BoundQuery("SELECT 1; SET threads = 8", List.of()),
                new QueryControl(Duration.ofSeconds(5)))).isInstanceOf(QueryFailure.class);
    }

    @Test
    void waits_for_an_etl_commit_in_progress() throws Exception {
        Lock commit = LakeCommitLock.of(lake.toString()).writeLock();
        commit.lock();
        CompletableFuture<ResultTable> query;
        try {
            query = CompletableFuture.supplyAsync(() -> duckDb.execute(new BoundQuery("SELECT 42", List.of()),
                    new QueryControl(Duration.ofSeconds(5))));
            Thread.sleep(200);
            assertThat(query).isNotDone();
        } finally {
            commit.unlock();
        }
        assertThat(query.get(5, TimeUnit.SECONDS).rows()).containsExactly(List.of(42L));
    }
}
