package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static io.clickstream.etl.RawLake.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtlJobTest {

    /** 2024-03-10T23:30:00Z: a Sunday night in UTC, already Monday in Tokyo. */
    static final long T0 = Instant.parse("2024-03-10T23:30:00Z").toEpochMilli();

    static SparkSession spark;

    @TempDir
    Path lakeDir;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session();
    }

    EtlConfig config() {
        // Micro-batches replayed at times long past: nothing is sealed (LakeLifecycleTest covers sealing).
        return EtlConfig.forLake(lakeDir.toString()).withHousekeeping(RawLake.REPLAYING_HISTORY);
    }

    List<Row> events() {
        return spark.read().parquet(lakeDir.resolve("modeled/event").toString())
                .orderBy("event_id").collectAsList();
    }

    List<Row> quarantine() {
        return spark.read().parquet(lakeDir.resolve("quarantine").toString()).orderBy("reason").collectAsList();
    }

    @Test
    void writes_event_table_from_multi_member_gzip_batches() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0,
                List.of(envelope("r1", "shop", T0, T0, "[" + event("shop", "e1", "_page_view", T0 - 1000, "p1") + ","
                        + event("shop", "e2", "add_to_cart", T0 - 500, "p1") + "]")),
                List.of(envelope("r2", "shop", T0 + 10, T0 + 10, event("shop", "e3", "_page_view", T0, "p2"))));

        EtlRunSummary summary = EtlJob.run(spark, config());

        assertThat(summary.rawFilesRead()).isEqualTo(1);
        assertThat(summary.eventsWritten()).isEqualTo(3);
        assertThat(summary.eventsQuarantined()).isZero();
        List<Row> rows = events();
        assertThat(rows).extracting(r -> r.getAs("event_id")).containsExactly("e1", "e2", "e3");
        Row e1 = rows.get(0);
        assertThat((String) e1.getAs("event_name")).isEqualTo("_page_view");
        assertThat((Instant) e1.getAs("event_timestamp")).isEqualTo(Instant.ofEpochMilli(T0 - 1000));
        assertThat((Long) e1.getAs("event_time_msec")).isEqualTo(T0 - 1000);
        assertThat((String) e1.getAs("app_id")).isEqualTo("shop");
        assertThat(e1.<LocalDate>getAs("event_date")).isEqualTo(LocalDate.of(2024, 3, 10));
        assertThat((String) e1.getAs("platform")).isEqualTo("Web");
        assertThat((String) e1.getAs("user_pseudo_id")).isEqualTo("p1");
        assertThat((String) e1.getAs("user_id")).isEqualTo("u-p1");
        assertThat((String) e1.getAs("session_id")).isEqualTo("s-p1");
        assertThat((Long) e1.getAs("session_number")).isEqualTo(1L);
        assertThat((String) e1.getAs("device_make")).isEqualTo("Google");
        assertThat((Long) e1.getAs("device_screen_width")).isEqualTo(1920L);
        assertThat((String) e1.getAs("page_url")).isEqualTo("https://shop.example.com/p/1?utm_source=news");
        assertThat((String) e1.getAs("page_title")).isEqualTo("Product 1");
        assertThat((String) e1.getAs("page_referrer")).isEqualTo("https://www.google.com/");
        assertThat((String) e1.getAs("page_hostname")).isEqualTo("shop.example.com");
        assertThat((Double) e1.getAs("event_value")).isEqualTo(9.5);
        assertThat((String) e1.getAs("event_value_currency")).isEqualTo("EUR");
        assertThat((Long) e1.getAs("engagement_time_msec")).isEqualTo(1200L);
        assertThat((String) e1.getAs("sdk_version")).isEqualTo("0.12.4");
        assertThat(e1.<String, String>getJavaMap(e1.fieldIndex("custom_parameters")))
                .isEqualTo(Map.of("color", "red"));
        assertThat((Instant) e1.getAs("ingest_time")).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat((Long) e1.getAs("bundle_seq")).isEqualTo(1L);
    }

    @Test
    void event_table_has_exactly_the_columns_of_the_model() {
        new RawLake(lakeDir).write("shop", T0, List.of(envelope("r1", "shop", T0, T0, event("shop", "e1", "x", T0, "p1"))));
        EtlJob.run(spark, config());

        List<String> columns = List.of(spark.read().parquet(lakeDir.resolve("modeled/event").toString()).columns());
        assertThat(columns).containsExactlyElementsOf(io.clickstream.model.ModeledTables.EVENT.allColumns().stream()
                .map(io.clickstream.model.ModeledTables.Column::name).toList());
    }

    @Test
    void event_date_is_counted_in_the_apps_time_zone() {
        new RawLake(lakeDir).write("shop", T0, List.of(envelope("r1", "shop", T0, T0, event("shop", "e1", "x", T0, "p1"))));

        EtlJob.run(spark, config().withTimeZones(ZoneOffset.UTC, Map.of("shop", ZoneId.of("Asia/Tokyo"))));

        assertThat(Files.isDirectory(lakeDir.resolve("modeled/event/app_id=shop/event_date=2024-03-11"))).isTrue();
        assertThat(events().get(0).<LocalDate>getAs("event_date")).isEqualTo(LocalDate.of(2024, 3, 11));
    }

    @Test
    void quarantines_a_bad_event_while_the_rest_of_its_batch_lands() {
        String bad = "{\"event_type\":\"x\",\"event_id\":\"bad1\",\"app_id\":\"shop\"}";
        new RawLake(lakeDir).write("shop", T0, List.of(envelope("r1", "shop", T0, T0,
                "[" + event("shop", "e1", "a", T0, "p1") + "," + bad + "," + event("shop", "e2", "b", T0, "p1") + "]")));

        EtlRunSummary summary = EtlJob.run(spark, config());

        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e1", "e2");
        assertThat(summary.eventsQuarantined()).isEqualTo(1);
        List<Row> q = quarantine();
        assertThat(q).hasSize(1);
        assertThat((String) q.get(0).getAs("reason")).isEqualTo("missing timestamp");
        assertThat((String) q.get(0).getAs("raw")).isEqualTo(bad);
        assertThat((String) q.get(0).getAs("rid")).isEqualTo("r1");
        assertThat((String) q.get(0).getAs("source_file")).startsWith("raw/app_id=shop/date=2024-03-10/hour=23/");
        assertThat((Instant) q.get(0).getAs("ingest_time")).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(Files.isDirectory(lakeDir.resolve("quarantine/app_id=shop/date=2024-03-10"))).isTrue();
    }

    @Test
    void quarantines_a_corrupt_file_whole_and_processes_the_others() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(envelope("r1", "shop", T0, T0, event("shop", "e1", "a", T0, "p1"))));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            many.append(i == 0 ? "" : ",").append(event("shop", "c" + i, "a", T0, "p" + i));
        }
        Path corrupt = raw.writeCorrupt("shop", T0 + 1, List.of(envelope("r2", "shop", T0 + 1, T0, many + "]")));

        EtlRunSummary summary = EtlJob.run(spark, config());

        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e1");
        assertThat(summary.corruptFiles()).isEqualTo(1);
        assertThat(summary.rawFilesRead()).isEqualTo(2);
        List<Row> q = quarantine();
        assertThat(q).hasSize(1);
        assertThat((String) q.get(0).getAs("reason")).startsWith("unreadable raw file");
        assertThat((String) q.get(0).getAs("source_file")).endsWith(corrupt.getFileName().toString());
    }

    @Test
    void a_second_run_without_new_files_leaves_the_tables_identical() throws IOException {
        new RawLake(lakeDir).write("shop", T0, List.of(envelope("r1", "shop", T0, T0,
                "[" + event("shop", "e1", "a", T0, "p1") + "," + event("shop", "e2", "b", T0 + 86_400_000L, "p1") + "]")));
        EtlJob.run(spark, config());
        List<Row> first = events();
        List<Path> firstFiles = dataFiles();

        EtlRunSummary again = EtlJob.run(spark, config());

        assertThat(again.rawFilesRead()).isZero();
        assertThat(events()).isEqualTo(first);
        assertThat(dataFiles()).isEqualTo(firstFiles);
    }

    @Test
    void duplicate_event_ids_across_batches_and_runs_are_counted_once() {
        RawLake raw = new RawLake(lakeDir);
        String batch = "[" + event("shop", "e1", "a", T0, "p1") + "," + event("shop", "e2", "b", T0, "p1") + "]";
        // An SDK retry: the same batch twice in one run, in two files...
        raw.write("shop", T0, List.of(envelope("r1", "shop", T0, T0, batch)));
        raw.write("shop", T0 + 5_000, List.of(envelope("r2", "shop", T0 + 5_000, T0, batch)));
        EtlRunSummary first = EtlJob.run(spark, config());
        // ...and once more in a later run, next to a new event.
        raw.write("shop", T0 + 60_000, List.of(envelope("r3", "shop", T0 + 60_000, T0,
                "[" + event("shop", "e2", "b", T0, "p1") + "," + event("shop", "e3", "c", T0, "p1") + "]")));
        EtlRunSummary second = EtlJob.run(spark, config());

        assertThat(first.eventsWritten()).isEqualTo(2);
        assertThat(first.duplicatesDropped()).isEqualTo(2);
        assertThat(second.eventsWritten()).isEqualTo(1);
        assertThat(second.duplicatesDropped()).isEqualTo(1);
        List<Row> rows = events();
        assertThat(rows).extracting(r -> r.getAs("event_id")).containsExactly("e1", "e2", "e3");
        // The first copy wins: e2 keeps the ingest time of its first arrival.
        assertThat((Instant) rows.get(1).getAs("ingest_time")).isEqualTo(Instant.ofEpochMilli(T0));
        // Each run appended its new copies as a file; the first run's file was not rewritten.
        assertThat(dataFiles("modeled/event")).hasSize(2);
    }

    @Test
    void a_run_that_dies_before_its_commit_point_is_redone_without_duplicates() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(envelope("r1", "shop", T0, T0, event("shop", "e1", "a", T0, "p1"))));
        EtlJob.run(spark, config());
        raw.write("shop", T0 + 1, List.of(envelope("r2", "shop", T0 + 1, T0,
                "[" + event("shop", "e1", "a", T0, "p1") + "," + event("shop", "e2", "a", T0, "p1") + "]")));

        assertThatThrownBy(() -> EtlJob.run(spark, config(), phase -> {
            if (phase == EtlPass.Phase.STAGED) {
                throw new IllegalStateException("simulated crash");
            }
        })).hasMessage("simulated crash");
        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e1");

        EtlRunSummary redo = EtlJob.run(spark, config());
        assertThat(redo.rawFilesRead()).isEqualTo(1);
        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e1", "e2");
        assertThat(lakeDir.resolve("_state/runs")).isEmptyDirectory();
    }

    @Test
    void a_run_that_dies_after_its_commit_point_is_finished_by_the_next_run() {
        RawLake raw = new RawLake(lakeDir);
        raw.write("shop", T0, List.of(envelope("r1", "shop", T0, T0, event("shop", "e1", "a", T0, "p1"))));
        EtlJob.run(spark, config());
        raw.write("shop", T0 + 1, List.of(envelope("r2", "shop", T0 + 1, T0, event("shop", "e2", "a", T0, "p1"))));

        assertThatThrownBy(() -> EtlJob.run(spark, config(), phase -> {
            if (phase == EtlPass.Phase.COMMITTED) {
                throw new IllegalStateException("simulated crash");
            }
        })).hasMessage("simulated crash");

        EtlRunSummary next = EtlJob.run(spark, config());
        assertThat(next.rawFilesRead()).isZero();
        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e1", "e2");
        assertThat(dataFiles("modeled/event")).hasSize(2);
    }

    @Test
    void compacts_a_partition_once_it_has_collected_enough_small_files() throws IOException {
        RawLake raw = new RawLake(lakeDir);
        EtlConfig compactAtThree = config().withCompaction(3, 64L << 20);
        List<Integer> filesAfterEachRun = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long at = T0 + i * 60_000L;
            raw.write("shop", at, List.of(envelope("r" + i, "shop", at, at, event("shop", "e" + i, "a", T0 + i, "p1"))));
            EtlJob.run(spark, compactAtThree);
            filesAfterEachRun.add(dataFiles("modeled/event").size());
        }

        assertThat(filesAfterEachRun).containsExactly(1, 2, 1, 2);
        assertThat(events()).extracting(r -> r.getAs("event_id")).containsExactly("e0", "e1", "e2", "e3");
        assertThat(lakeDir.resolve("_state/runs")).isEmptyDirectory();
        List<Path> compacted = dataFiles("modeled/event");

        // A run without new raw files neither appends nor compacts.
        EtlJob.run(spark, compactAtThree);
        assertThat(dataFiles("modeled/event")).isEqualTo(compacted);
    }

    @Test
    void leaves_files_at_or_over_the_small_file_size_alone() {
        RawLake raw = new RawLake(lakeDir);
        EtlConfig nothingIsSmall = config().withCompaction(2, 1);
        for (int i = 0; i < 3; i++) {
            long at = T0 + i * 60_000L;
            raw.write("shop", at, List.of(envelope("r" + i, "shop", at, at, event("shop", "e" + i, "a", T0 + i, "p1"))));
            EtlJob.run(spark, nothingIsSmall);
        }

        assertThat(dataFiles("modeled/event")).hasSize(3);
        assertThat(events()).hasSize(3);
    }

    private List<Path> dataFiles() {
        return dataFiles("modeled");
    }

    private List<Path> dataFiles(String dir) {
        try (Stream<Path> files = Files.walk(lakeDir.resolve(dir))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
