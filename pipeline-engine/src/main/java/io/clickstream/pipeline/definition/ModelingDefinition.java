package io.clickstream.pipeline.definition;

import java.util.List;

/**
 * The engines that query a pipeline's modeled tables. Locally DuckDB reads the Parquet files; on AWS Athena (over
 * the Glue catalog of the lake) and/or Redshift Serverless (loaded from the lake) serve the studio's explorations.
 *
 * @param duckdb   DuckDB over the local lake; default true locally, false on AWS (where it is not available)
 * @param athena   Amazon Athena over the lake
 * @param redshift Amazon Redshift Serverless
 */
public record ModelingDefinition(Boolean duckdb, Athena athena, Redshift redshift) {

    public ModelingDefinition {
        athena = athena == null ? Athena.disabled() : athena;
        redshift = redshift == null ? Redshift.disabled() : redshift;
    }

    /** The runtime's default: DuckDB locally, nothing on AWS (validation then asks for Athena or Redshift). */
    public static ModelingDefinition defaults() {
        return new ModelingDefinition(null, null, null);
    }

    ModelingDefinition resolvedFor(RuntimeMode runtime) {
        return duckdb != null ? this : new ModelingDefinition(runtime == RuntimeMode.LOCAL, athena, redshift);
    }

    /**
     * Athena over the lake's tables (a Glue database and an Athena workgroup per pipeline).
     *
     * @param enabled     default false
     * @param workgroup   an existing Athena workgroup; null creates {@code clickstream-<pipeline name>}
     * @param scanLimitGiB a query scanning more than this many GiB is cancelled (the workgroup's bytes-scanned cutoff),
     *                    default 100
     */
    public record Athena(Boolean enabled, String workgroup, Integer scanLimitGiB) {

        public static final int DEFAULT_SCAN_LIMIT_GIB = 100;

        public Athena {
            enabled = enabled != null && enabled;
            scanLimitGiB = scanLimitGiB == null ? DEFAULT_SCAN_LIMIT_GIB : scanLimitGiB;
        }

        /** Off. */
        public static Athena disabled() {
            return new Athena(false, null, null);
        }
    }

    /**
     * A Redshift Serverless namespace and workgroup loaded from the lake after each ETL run. Redshift Serverless
     * lives in a VPC: {@code vpcId} and at least three {@code subnetIds} in three different availability zones are
     * required.
     *
     * @param enabled          default false
     * @param baseRpu          base capacity in Redshift processing units: 8 to 512 in steps of 8, default 8
     * @param vpcId            the VPC of the workgroup ({@code vpc-...})
     * @param subnetIds        its subnets ({@code subnet-...}), at least three, in three zones
     * @param securityGroupIds its security groups ({@code sg-...}); empty creates one
     * @param databaseName     the database of the modeled tables, default {@code clickstream}
     */
    public record Redshift(Boolean enabled, Integer baseRpu, String vpcId, List<String> subnetIds,
                           List<String> securityGroupIds, String databaseName) {

        public static final int DEFAULT_BASE_RPU = 8;
        public static final String DEFAULT_DATABASE = "clickstream";

        public Redshift {
            enabled = enabled != null && enabled;
            baseRpu = baseRpu == null ? DEFAULT_BASE_RPU : baseRpu;
            subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
            databaseName = databaseName == null ? DEFAULT_DATABASE : databaseName;
        }

        /** Off. */
        public static Redshift disabled() {
            return new Redshift(false, null, null, null, null, null);
        }
    }
}
