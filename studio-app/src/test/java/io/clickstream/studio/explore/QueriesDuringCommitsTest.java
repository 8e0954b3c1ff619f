package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.model.DateSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL commits by moving new Parquet files into partitions and deleting the files they replace, while the
 * studio's dashboards query the same directories. Listing a directory that changes under the listing can miss
 * files or return one twice, and a listed file can be gone when it is opened; with the lake's commit lock taken by
 * the writer (as the ETL's commit does), every answer is exact.
 */
class QueriesDuringCommitsTest {

    private static final int FILES = 20;
    private static final int ROWS_PER_FILE = 500;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @Test
    void every_query_racing_with_commits_counts_every_row_exactly_once(@TempDir Path lake) throws Exception {
        Path partition = Files.createDirectories(lake.resolve("modeled/event/app_id=shop/event_date=" + DAY));
        Path template = lake.resolve("template.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT 'e' || range AS event_id, 'page_view' AS event_name, 'u' || (range % 7) AS "
                    + "user_pseudo_id, 's' || (range % 3) AS session_id FROM range(" + ROWS_PER_FILE + ")) TO '"
                    + template + "' (FORMAT parquet)");
        }
        List<Path> live = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path file = partition.resolve("part-" + i + "-0.parquet");
            Files.copy(template, file);
            live.add(file);
        }
        Lock commitLock = LakeCommitLock.of(lake.toString()).writeLock();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int generation = 1; !stop.get(); generation++) {
                    for (int i = 0; i < FILES && !stop.get(); i++) {
                        Path staged = lake.resolve("staged.parquet");
                        Files.copy(template, staged, StandardCopyOption.REPLACE_EXISTING);
                        Path next = partition.resolve("part-" + i + "-" + generation + ".parquet");
                        commitLock.lock();
                        try {
                            Files.move(staged, next, StandardCopyOption.ATOMIC_MOVE);
                            Files.delete(live.get(i));
                        } finally {
                            commitLock.unlock();
                        }
                        live.set(i, next);
                    }
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        try (DuckDbExecutor database = ExploreHarness.duckDb(lake)) {
            EventQueries queries = EventQueriesTest.queries(lake, database);
            writer.start();
            for (int i = 0; i < 200; i++) {
                EventTotals totals = queries.totals("shop", new DateSpan(DAY, DAY));
                assertThat(totals).isEqualTo(new EventTotals((long) FILES * ROWS_PER_FILE, 7, 3));
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
    }
}
