package io.clickstream.etl;

import static io.clickstream.etl.RawLake.envelope;
import static io.clickstream.etl.RawLake.plainEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's enricher, compiled from etl-job/examples/campaign-tagger into its own jar, runs inside a pass. */
class PluginJarTest {

    static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    @Test
    void runs_a_custom_enricher_loaded_from_a_jar_named_in_the_arguments() throws IOException {
        Path jar = buildExampleJar();
        Path lake = tmp.resolve("lake");
        new RawLake(lake).write("shop", T0, List.of(envelope("r1", "shop", T0, T0, "["
                + plainEvent("shop", "c1", "view", T0, "u1",
                        "\"attributes\":{\"_page_url\":\"https://shop.example.com/?utm_source=google&utm_medium=cpc\"}") + ","
                + plainEvent("shop", "c2", "view", T0, "u2", "") + ","
                + plainEvent("shop", "c3", "view", T0, "qa-bot", "") + "]")));

        EtlConfig config = EtlConfig.parse(new String[] {"--lake=" + lake, "--plugin-jar=" + jar,
                "--plugin=com.example.clickstream.CampaignTagger"});
        EtlRunSummary summary = EtlJob.run(TestSpark.session(), config);

        assertThat(summary.eventsFiltered()).isEqualTo(1);
        List<Row> rows = TestSpark.session().read().parquet(lake.resolve("modeled/event").toString())
                .orderBy("event_id").collectAsList();
        assertThat(rows).extracting(r -> r.getAs("event_id")).containsExactly("c1", "c2");
        assertThat(rows.get(0).<String, String>getJavaMap(rows.get(0).fieldIndex("custom_parameters")))
                .containsEntry("campaign_kind", "paid").containsEntry("tagged_by", "CampaignTagger");
        assertThat(rows.get(1).<String, String>getJavaMap(rows.get(1).fieldIndex("custom_parameters")))
                .containsEntry("campaign_kind", "organic");
    }

    /** Compiles the example plugin's source against this module's classes, as a user would against the jar. */
    private Path buildExampleJar() throws IOException {
        Path source = Path.of("examples/campaign-tagger/src/main/java/com/example/clickstream/CampaignTagger.java");
        assertThat(source).as("example plugin source (tests run in the etl-job directory)").exists();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                source.toString());
        assertThat(rc).as("javac exit code").isZero();
        Path jar = tmp.resolve("campaign-tagger.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
