package io.clickstream.studio.explore;

import io.clickstream.metadata.apps.AppRepository;
import io.clickstream.studio.base.ClickstreamProperties;
import io.clickstream.studio.explore.exec.AthenaExecutor;
import io.clickstream.studio.explore.exec.DuckDbExecutor;
import io.clickstream.studio.explore.exec.QueryControl;
import io.clickstream.studio.explore.exec.RedshiftExecutor;
import io.clickstream.studio.explore.lake.LakeDataVersions;
import io.clickstream.studio.explore.lake.LakeEventCatalog;
import io.clickstream.studio.explore.lake.LakeMirror;
import io.clickstream.studio.explore.lake.StoreAppDirectory;
import io.clickstream.studio.explore.sql.AthenaSql;
import io.clickstream.studio.explore.sql.DuckDbSql;
import io.clickstream.studio.explore.sql.MirrorTables;
import io.clickstream.studio.explore.sql.RedshiftSql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * Wires the exploration engine: the embedded DuckDB (also behind the Overview), the engine chosen by
 * {@code clickstream.explore.engine}, and the ports' implementations of today (apps from the metadata store, metadata
 * and data versions from the lake).
 */
@Configuration
@EnableConfigurationProperties(ExploreProperties.class)
class ExploreConfiguration {

    @Bean(destroyMethod = "close")
    DuckDbExecutor duckDbExecutor(ClickstreamProperties clickstream, ExploreProperties explore) {
        return new DuckDbExecutor(clickstream.lakeLayout().root(), explore.duckdb().connections(),
                explore.duckdb().threads(), explore.duckdb().memoryLimit(), mirrorFile(clickstream, explore));
    }

    /** The mirror's file, or null when explorations do not run on DuckDB or the mirror is off. */
    private static Path mirrorFile(ClickstreamProperties clickstream, ExploreProperties explore) {
        if (explore.engine() != ExploreProperties.Engine.DUCKDB || !explore.mirror().enabled()) {
            return null;
        }
        return explore.mirror().path() != null ? explore.mirror().path()
                : clickstream.dataDir().resolve("explore").resolve("mirror.duckdb");
    }

    /**
     * The explore mirror, built in the background from the start (queries read the Parquet until it is ready); it
     * catches up right after each ETL commit and otherwise every poll interval.
     */
    @Bean(destroyMethod = "close")
    ExploreMirror exploreMirror(ClickstreamProperties clickstream, ExploreProperties explore, DuckDbExecutor duckDb,
                                ObjectProvider<LakeCommits> commits) {
        if (!duckDb.hasMirror()) {
            return new ExploreMirror(null, null);
        }
        try {
            LakeMirror mirror = new LakeMirror(clickstream.lakeLayout(), duckDb).start(explore.mirror().pollInterval());
            LakeCommits signal = commits.getIfAvailable();
            return new ExploreMirror(mirror, signal == null ? null : signal.subscribe(mirror::synchronizeSoon));
        } catch (RuntimeException e) {
            // a cache: without it explorations read the Parquet
            LoggerFactory.getLogger(ExploreConfiguration.class).warn("explore mirror not started: {}", e.getMessage());
            return new ExploreMirror(null, null);
        }
    }

    /** Holds the mirror (or none) as a bean that Spring closes before the executor. */
    record ExploreMirror(LakeMirror mirror, LakeCommits.Subscription onCommit) implements AutoCloseable {
        MirrorTables tables() {
            return mirror == null ? MirrorTables.NONE : mirror;
        }

        @Override
        public void close() throws Exception {
            if (onCommit != null) {
                onCommit.close();
            }
            if (mirror != null) {
                mirror.close();
            }
        }
    }

    @Bean
    ExploreEngine exploreEngine(ClickstreamProperties clickstream, ExploreProperties explore, DuckDbExecutor duckDb,
                                ExploreMirror mirror) {
        return switch (explore.engine()) {
            case DUCKDB -> new ExploreEngine(new DuckDbSql(clickstream.lakeLayout(), mirror.tables()), duckDb,
                    new LakeDataVersions(clickstream.lakeLayout()));
            case ATHENA -> {
                ExploreProperties.Athena athena = explore.athena();
                software.amazon.awssdk.services.athena.AthenaClientBuilder client = AthenaClient.builder().httpClient(UrlConnectionHttpClient.create());
                if (athena.region() != null) {
                    client.region(Region.of(athena.region()));
                }
                if (athena.endpoint() != null) {
                    client.endpointOverride(athena.endpoint());
                }
                yield new ExploreEngine(new AthenaSql(athena.database()), new AthenaExecutor(client.build(),
                        new AthenaExecutor.Settings(athena.workGroup(), athena.catalog(), athena.database(),
                                athena.outputLocation(), athena.pollInterval())), timeBuckets(explore.awsCacheTtl()));
            }
            case REDSHIFT -> {
                ExploreProperties.Redshift redshift = explore.redshift();
                software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder client = RedshiftDataClient.builder()
                        .httpClient(UrlConnectionHttpClient.create());
                if (redshift.region() != null) {
                    client.region(Region.of(redshift.region()));
                }
                if (redshift.endpoint() != null) {
                    client.endpointOverride(redshift.endpoint());
                }
                yield new ExploreEngine(new RedshiftSql(redshift.schema()), new RedshiftExecutor(client.build(),
                        new RedshiftExecutor.Settings(redshift.workgroupName(), redshift.clusterIdentifier(),
                                redshift.database(), redshift.secretArn(), redshift.dbUser(), redshift.pollInterval())),
                        timeBuckets(explore.awsCacheTtl()));
            }
        };
    }

    /** Without a tracked data version, a cached answer lives for one time bucket. */
    private static DataVersions timeBuckets(Duration ttl) {
        return appId -> Long.toString(System.currentTimeMillis() / Math.max(1, ttl.toMillis()));
    }

    @Bean
    AppDirectory appDirectory(AppRepository apps) {
        return new StoreAppDirectory(apps);
    }

    @Bean
    EventCatalog eventCatalog(ClickstreamProperties clickstream, ExploreProperties explore, DuckDbExecutor duckDb,
                              ExploreEngine engine) {
        if (explore.engine() == ExploreProperties.Engine.DUCKDB) {
            return new LakeEventCatalog(clickstream.lakeLayout(), duckDb, engine.versions());
        }
        // Until the metadata manager serves parameters and attributes, AWS engines know event names only.
        return appId -> {
            Set<String> names = new HashSet<>();
            engine.executor().execute(engine.sql().eventNames(appId), new QueryControl(explore.queryTimeout()))
                    .rows().forEach(row -> names.add((String) row.get(0)));
            return new EventCatalog.AppMetadata(names, Map.of(), Map.of());
        };
    }

    @Bean
    Explorations explorations(ExploreEngine engine, AppDirectory apps, EventCatalog catalog, Clock clock,
                              ExploreProperties explore) {
        return new Explorations(engine, apps, catalog, clock,
                new ExploreService.Settings(explore.queryTimeout(), explore.cacheEntries()));
    }

    @Bean
    ExploreService exploreService(Explorations explorations) {
        return new ExploreService(explorations);
    }

    @Bean(destroyMethod = "close")
    DashboardQueries dashboardQueries(ExploreEngine engine, ExploreProperties explore) {
        // A dashboard's questions side by side, as many as DuckDB runs at once (Athena and Redshift: the same bound).
        return new DashboardQueries(engine, explore.cacheEntries(), explore.duckdb().connections());
    }

    @Bean
    EventQueries eventQueries(ExploreEngine engine, ClickstreamProperties clickstream) {
        return new EventQueries(engine, clickstream.lakeLayout());
    }
}
