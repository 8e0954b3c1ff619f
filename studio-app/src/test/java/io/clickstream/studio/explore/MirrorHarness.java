package io.clickstream.studio.explore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.model.LakeLayout;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.lake.LakeMirror;
import io.clickstream.studio.explore.sql.DuckDbSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** The exploration engine over the explore mirror of a test lake: its own DuckDB with a fresh mirror file. */
final class MirrorHarness {

    private MirrorHarness() {
    }

    /** A DuckDB with a mirror file under {@code dir} and the service over it, closed together. */
    record Mirrored(DuckDbExecutor duckDb, LakeMirror mirror, ExploreService service) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            mirror.close();
            duckDb.close();
        }
    }

    static Mirrored open(Path lake, Path mirrorFile, Map<String, java.time.ZoneId> apps, java.time.Instant now) {
        LakeLayout layout = new LakeLayout(lake.toString());
        DuckDbExecutor duckDb = new DuckDbExecutor(lake.toString(), 2, 2, "1GB", mirrorFile);
        LakeMirror mirror = new LakeMirror(layout, duckDb);
        ExploreService service = ExploreHarness.service(new ExploreEngine(new DuckDbSql(layout, mirror), duckDb,
                new LakeDataVersions(layout)), apps, now, 0);
        return new Mirrored(duckDb, mirror, service);
    }

    /**
     * Mirrors the scenario's lake into the mirror database attached to {@code duckDb} (shared by the checks of a test
     * class: the files of the previous check's lake are gone from it, this lake's are new) and runs {@code analysis}
     * over it, checking that its statement read the mirror's tables, not the Parquet.
     */
    static <R> R overMirror(DuckDbExecutor duckDb, Path lake, RandomEvents.Scenario scenario,
                            Function<ExploreService, R> analysis) {
        LakeLayout layout = new LakeLayout(lake.toString());
        try (LakeMirror mirror = new LakeMirror(layout, duckDb)) {
            mirror.synchronize();
            ExploreService service = ExploreHarness.service(new ExploreEngine(new DuckDbSql(layout, mirror), duckDb,
                    new LakeDataVersions(layout)), Map.of(RandomEvents.APP, scenario.zone()), scenario.now(), 0);
            R result = analysis.apply(service);
            String sql = sqlOf(result);
            if (sql != null && Files.isDirectory(lake.resolve("modeled"))) {
                assertThat(sql).as("read from the mirror").doesNotContain("read_parquet");
            }
            return result;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sql} of a result record, if it has one. */
    static String sqlOf(Object result) {
        try {
            return (String) result.getClass().getMethod("sql").invoke(result);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
