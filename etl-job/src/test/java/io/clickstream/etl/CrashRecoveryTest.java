package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.ModeledTables;
import io.clickstream.model.RawEnvelope;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass killed with SIGKILL in the middle (a separate JVM running {@code EtlJob.main}), then re-run, gives the same
 * tables as one clean pass over the same raw files.
 */
class CrashRecoveryTest {

    static final long T0 = Instant.parse("2024-06-01T08:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    @Test
    void a_pass_killed_mid_run_and_re_run_gives_the_tables_of_a_clean_run() throws Exception {
        Path crashed = tmp.resolve("crashed");
        Path clean = tmp.resolve("clean");
        writeRaw(crashed);
        writeRaw(clean);
        SparkSession spark = TestSpark.session();
        EtlJob.run(spark, EtlConfig.forLake(clean.toString()));

        Process child = new ProcessBuilder(javaBinary(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                EtlJob.class.getName(), "--lake=" + crashed, "--master=local[1]")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        // Kill once the pass has started writing its output: from then on, the commit protocol must cover every
        // moment (staging, commit record, moves, deletes).
        Path runs = crashed.resolve("_state/runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && !hasFiles(runs) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean killedMidRun = child.isAlive();
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(killedMidRun).as("child pass still running when killed (see %s)", tmp.resolve("child.log")).isTrue();

        EtlRunSummary redo = EtlJob.run(spark, EtlConfig.forLake(crashed.toString()));

        assertThat(redo.rawFilesRead()).isIn(0L, (long) FILES);
        for (ModeledTables.Table t : ModeledTables.MODELED) {
            assertThat(rows(spark, crashed, t)).as(t.tableName()).isEqualTo(rows(spark, clean, t));
        }
        assertThat(rows(spark, crashed, ModeledTables.EVENT)).hasSize(FILES * LINES * EVENTS);
    }

    static final int FILES = 6, LINES = 40, EVENTS = 10;

    private static void writeRaw(Path lake) {
        RawLake raw = new RawLake(lake);
        for (int f = 0; f < FILES; f++) {
            List<RawEnvelope> lines = new ArrayList<>();
            for (int l = 0; l < LINES; l++) {
                StringBuilder batch = new StringBuilder("[");
                for (int e = 0; e < EVENTS; e++) {
                    long ts = T0 + (f * 86_400_000L / 2) + l * 60_000L + e * 1_000L;
                    String user = "u" + (l % 7);
                    batch.append(e == 0 ? "" : ",").append(RawLake.event("shop", "f" + f + "l" + l + "e" + e,
                            e == 0 ? "_page_view" : "click", ts, user));
                }
                long ingest = T0 + f * 86_400_000L / 2 + l * 60_000L + 20_000;
                lines.add(envelope("r" + f + "-" + l, "shop", ingest, ingest, batch + "]"));
            }
            raw.write("shop", T0 + f * 86_400_000L / 2 + 1, lines);
        }
    }

    private static List<Row> rows(SparkSession spark, Path lake, ModeledTables.Table table) {
        if (!Files.isDirectory(lake.resolve("modeled/" + table.tableName()))) {
            return List.of();
        }
        String[] order = table.allColumns().stream().map(ModeledTables.Column::name)
                .filter(c -> !c.equals("custom_parameters") && !c.equals("user_properties")).toArray(String[]::new);
        return spark.read().schema(SparkSchemas.allColumns(table))
                .parquet(lake.resolve("modeled/" + table.tableName()).toString())
                .orderBy(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList();
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".parquet"));
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
