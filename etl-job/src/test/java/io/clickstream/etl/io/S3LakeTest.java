package io.clickstream.etl.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.clickstream.etl.EtlConfig;
import io.clickstream.etl.EtlJob;
import io.clickstream.etl.EtlRunSummary;
import io.clickstream.etl.EtlSession;
import io.clickstream.model.RawEnvelope;
import io.clickstream.model.RawEnvelopeCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass over a lake in S3 through Hadoop's S3A connector, against S3Mock (an S3-compatible server) in the test JVM:
 * raw batches are read from the bucket, tables and the commit log are written to it, and the result equals that of
 * the same raw batches in a local lake.
 */
class S3LakeTest {

    static final String BUCKET = "clickstream-lake";
    static final long T0 = Instant.parse("2024-07-01T09:00:00Z").toEpochMilli();

    static {
        // Spark (when an earlier test class started it in this JVM) already installed the JVM's one URL stream
        // handler factory; S3Mock's embedded Tomcat must not try to install its own.
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
    }

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false)
            .withInitialBuckets(BUCKET).build();

    static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        // A session of its own: the S3A settings are what spark-submit would pass as --conf spark.hadoop.fs.s3a.*
        spark = EtlSession.builder("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        s3aSettings().forEach(conf::set);
    }

    @AfterAll
    static void closeFileSystems() throws IOException {
        FileSystem.closeAll();
    }

    static java.util.Map<String, String> s3aSettings() {
        return java.util.Map.of(
                "fs.s3a.endpoint", S3_MOCK.getServiceEndpoint(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.access.key", "test",
                "fs.s3a.secret.key", "test");
    }

    @Test
    void a_pass_over_an_s3a_lake_writes_the_same_tables_as_over_a_local_lake() throws Exception {
        String s3Lake = "s3a://" + BUCKET + "/lakes/a";
        Path localLake = tmp.resolve("local");
        for (int f = 0; f < 3; f++) {
            byte[] batch = rawBatch(f);
            String relative = rawRelative(f);
            Path local = localLake.resolve(relative);
            Files.createDirectories(local.getParent());
            Files.write(local, batch);
            try (OutputStream out = fs(s3Lake).create(new org.apache.hadoop.fs.Path(s3Lake + "/" + relative))) {
                out.write(batch);
            }
        }

        EtlRunSummary s3 = EtlJob.run(spark, EtlConfig.forLake(s3Lake));
        EtlRunSummary local = EtlJob.run(spark, EtlConfig.forLake(localLake.toString()));

        assertThat(s3.rawFilesRead()).isEqualTo(3);
        assertThat(s3.eventsWritten()).isEqualTo(local.eventsWritten()).isEqualTo(3 * 4 * 5);
        for (String table : List.of("event", "session", "user")) {
            assertThat(rows(s3Lake + "/modeled/" + table)).as(table)
                    .isEqualTo(rows(localLake.resolve("modeled/" + table).toString()));
        }
        assertThat(objects(s3Lake)).as("no staging left behind")
                .noneMatch(k -> k.contains("/_state/runs/"))
                .anyMatch(k -> k.matches(".*/modeled/event/app_id=shop/event_date=2024-07-01/part-.*\\.parquet"))
                // commit records are folded into the raw progress once applied
                .noneMatch(k -> k.matches(".*/_state/commits/.*\\.commit"))
                .anyMatch(k -> k.endsWith("/_state/raw-progress"));

        // Exactly once over S3 as well: nothing new, nothing changed.
        List<String> before = objects(s3Lake + "/modeled");
        assertThat(EtlJob.run(spark, EtlConfig.forLake(s3Lake)).rawFilesRead()).isZero();
        assertThat(objects(s3Lake + "/modeled")).isEqualTo(before);
    }

    @Test
    void an_s3_lake_is_served_by_s3a_outside_emr() throws Exception {
        String s3Lake = "s3://" + BUCKET + "/lakes/b";
        try (OutputStream out = fs("s3a://" + BUCKET + "/").create(new org.apache.hadoop.fs.Path(
                "s3a://" + BUCKET + "/lakes/b/" + rawRelative(0)))) {
            out.write(rawBatch(0));
        }

        EtlRunSummary s = EtlJob.run(spark, EtlConfig.forLake(s3Lake));

        assertThat(s.eventsWritten()).isEqualTo(4 * 5);
        assertThat(rows("s3a://" + BUCKET + "/lakes/b/modeled/event")).hasSize(20);
    }

    private static String rawRelative(int f) {
        return "raw/app_id=shop/date=" + LocalDate.ofInstant(Instant.ofEpochMilli(T0), ZoneOffset.UTC)
                + "/hour=09/node-" + f + ".jsonl.gz";
    }

    /** One gzip raw batch: 4 requests of 5 events each, users and sessions shared across files. */
    private static byte[] rawBatch(int f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (int l = 0; l < 4; l++) {
                StringBuilder data = new StringBuilder("[");
                for (int e = 0; e < 5; e++) {
                    long ts = T0 + f * 600_000L + l * 60_000L + e * 1_000L;
                    data.append(e == 0 ? "" : ",").append("""
                            {"event_type":"%s","event_id":"f%dl%de%d","timestamp":%d,"app_id":"shop","unique_id":"u%d",\
                            "platform":"Web","attributes":{"_session_id":"s%d","_session_number":1,\
                            "_page_url":"https://shop.example.com/p/%d"}}"""
                            .formatted(e == 0 ? "_page_view" : "click", f, l, e, ts, l, l, e));
                }
                long ingest = T0 + f * 600_000L + l * 60_000L + 30_000L;
                gz.write(RawEnvelopeCodec.encode(new RawEnvelope("r" + f + "-" + l, ingest, "shop", "Web",
                        "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "/collect?appId=shop", null,
                        (long) l, ingest, data.append(']').toString())));
            }
        }
        return bytes.toByteArray();
    }

    private static FileSystem fs(String uri) throws IOException {
        return FileSystem.get(URI.create(uri), spark.sparkContext().hadoopConfiguration());
    }

    private static List<String> rows(String table) {
        List<String> out = new ArrayList<>();
        for (Row r : spark.read().parquet(table).collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }

    private static List<String> objects(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs(prefix).listFiles(new org.apache.hadoop.fs.Path(prefix), true);
        while (it.hasNext()) {
            keys.add(it.next().getPath().toString());
        }
        keys.sort(null);
        return keys;
    }
}
