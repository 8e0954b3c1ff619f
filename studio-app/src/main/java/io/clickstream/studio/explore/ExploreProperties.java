package io.clickstream.studio.explore;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code clickstream.explore.*}: which engine runs explorations and its limits.
 *
 * @param engine       {@code duckdb} (local lake, the default), {@code athena} or {@code redshift}
 * @param queryTimeout longest a query may run before it is stopped
 * @param cacheEntries answers kept in the result cache (0 turns it off)
 * @param awsCacheTtl  with Athena or Redshift, how long a cached answer is served (their data version is not
 *                     tracked yet)
 * @param mirror       the explore mirror (DuckDB only): native copies of the modeled tables read instead of the Parquet
 */
@Validated
@ConfigurationProperties("clickstream.explore")
public record ExploreProperties(
        @DefaultValue("duckdb") @NotNull Engine engine,
        @DefaultValue("60s") @NotNull Duration queryTimeout,
        @DefaultValue("500") @Min(0) int cacheEntries,
        @DefaultValue("5m") @NotNull Duration awsCacheTtl,
        @DefaultValue @Valid DuckDb duckdb,
        @DefaultValue @Valid Athena athena,
        @DefaultValue @Valid Redshift redshift,
        @DefaultValue @Valid Mirror mirror) {

    /** The engines. */
    public enum Engine { DUCKDB, ATHENA, REDSHIFT }

    /**
     * @param connections queries DuckDB runs at once
     * @param threads     worker threads per query
     * @param memoryLimit DuckDB's native memory limit (outside the Java heap)
     */
    public record DuckDb(@DefaultValue("4") @Min(1) @Max(64) int connections,
                         @DefaultValue("2") @Min(1) @Max(64) int threads,
                         @DefaultValue("2GB") @NotNull String memoryLimit) {
    }

    /**
     * The explore mirror: a DuckDB database file holding native copies of the lake's modeled tables, kept in step with
     * each ETL commit in the background and read while it reflects the app's current data (else the Parquet). A
     * derived cache: deleting the file (studio stopped) is safe, it is built again.
     *
     * @param enabled      whether to keep and read the mirror
     * @param path         its database file; {@code <data-dir>/explore/mirror.duckdb} when unset
     * @param pollInterval how often the lake is checked for new commits
     */
    public record Mirror(@DefaultValue("true") boolean enabled, java.nio.file.Path path,
                         @DefaultValue("5s") @NotNull Duration pollInterval) {
    }

    /**
     * @param region         AWS region
     * @param workGroup      Athena workgroup
     * @param catalog        data catalog
     * @param database       Glue database of the modeled tables
     * @param outputLocation S3 location for results (the workgroup's when unset)
     * @param endpoint       endpoint override (tests, VPC endpoints)
     * @param pollInterval   status poll interval
     */
    public record Athena(String region, @DefaultValue("primary") String workGroup,
                         @DefaultValue("AwsDataCatalog") String catalog, @DefaultValue("clickstream") String database,
                         String outputLocation, URI endpoint, @DefaultValue("300ms") Duration pollInterval) {
    }

    /**
     * @param region            AWS region
     * @param workgroupName     Redshift Serverless workgroup
     * @param clusterIdentifier provisioned cluster (instead of a workgroup)
     * @param database          database
     * @param schema            schema of the modeled tables
     * @param secretArn         Secrets Manager secret with database credentials
     * @param dbUser            database user (provisioned clusters, temporary credentials)
     * @param endpoint          endpoint override (tests, VPC endpoints)
     * @param pollInterval      status poll interval
     */
    public record Redshift(String region, String workgroupName, String clusterIdentifier,
                           @DefaultValue("dev") String database, @DefaultValue("clickstream") String schema,
                           String secretArn, String dbUser, URI endpoint,
                           @DefaultValue("300ms") Duration pollInterval) {
    }
}
