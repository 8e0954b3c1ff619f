package io.clickstream.pipeline.validation;

import io.clickstream.etl.enrich.EventEnricher;
import io.clickstream.ingestion.collect.TrustedProxies;
import io.clickstream.pipeline.definition.ComputeType;
import io.clickstream.pipeline.definition.FieldError;
import io.clickstream.pipeline.definition.IngestionDefinition;
import io.clickstream.pipeline.definition.KinesisCapacityMode;
import io.clickstream.pipeline.definition.LakeDefinition;
import io.clickstream.pipeline.definition.ModelingDefinition;
import io.clickstream.pipeline.definition.NetworkDefinition;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.ProcessingDefinition;
import io.clickstream.pipeline.definition.ReportingDefinition;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.definition.ScheduleExpression;
import io.clickstream.pipeline.definition.SinkDefinition;
import io.clickstream.pipeline.definition.SinkType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a definition, field by field, before anything runs: formats and ranges, fields that only make sense
 * together (Redshift needs a VPC, Global Accelerator an internet-facing endpoint, the sink's settings its type), what
 * each runtime supports, and for the local runtime the machine (port free, lake directory writable, GeoIP database
 * readable, plugin classes loadable). Every problem is reported, not just the first.
 */
public final class PipelineValidator {

    private static final Pattern NAME = Pattern.compile("[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?|\\*");
    private static final Pattern CERTIFICATE_ARN =
            Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[0-9a-f-]{36}");
    private static final Pattern MSK_ARN =
            Pattern.compile("arn:aws[a-z-]*:kafka:([a-z0-9-]+):\\d{12}:cluster/[A-Za-z0-9-]{1,64}/[0-9a-f-]+(-\\d+)?");
    private static final Pattern QUICKSIGHT_PRINCIPAL =
            Pattern.compile("arn:aws[a-z-]*:quicksight:([a-z0-9-]+):\\d{12}:(user|group)/[A-Za-z0-9_.@+=-]+/[^/\\s]+");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}(,[A-Za-z0-9.-]+:\\d{1,5})*");
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern WORKGROUP = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_$]{0,63}");
    private static final Pattern JAVA_CLASS = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Set<String> COLLECTOR_PATHS = Set.of("/ping", "/health", "/metrics");

    private final LocalResources local;

    public PipelineValidator() {
        this(PipelineValidator.class.getClassLoader());
    }

    /** @param pluginParent the class loader plugin classes and their jars are loaded under (the ETL's) */
    public PipelineValidator(ClassLoader pluginParent) {
        this.local = new LocalResources(pluginParent, EventEnricher.class);
    }

    /** Every problem of the definition, in field order; empty when it may run. */
    public List<FieldError> validate(PipelineDefinition definition, ValidationContext context) {
        Check check = new Check(definition, context);
        check.all();
        return List.copyOf(check.errors);
    }

    /** One run of the checks over one definition. */
    private final class Check {

        private final PipelineDefinition d;
        private final ValidationContext context;
        private final boolean aws;
        private final List<FieldError> errors = new ArrayList<>();

        Check(PipelineDefinition d, ValidationContext context) {
            this.d = d;
            this.context = context;
            this.aws = d.runtime() == RuntimeMode.AWS;
        }

        void all() {
            basics();
            if (aws) {
                network(d.network());
            }
            lake(d.lake());
            ingestion(d.ingestion());
            processing(d.processing());
            modeling(d.modeling());
            reporting(d.reporting());
        }

        private void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        private void basics() {
            String name = d.name();
            if (name == null || name.isBlank()) {
                error("name", "give the pipeline a name, e.g. \"edge\"");
            } else if (!NAME.matcher(name).matches()) {
                error("name", "'" + name + "' is not a valid name: use 1-40 lower-case letters, digits or '-', "
                        + "starting with a letter and not ending with '-'");
            } else if (context.otherPipelines().contains(name)) {
                error("name", "a pipeline named '" + name + "' already exists; choose another name");
            }
            if (aws) {
                if (d.region() == null || d.region().isBlank()) {
                    error("region", "an AWS pipeline needs a region, e.g. eu-west-1");
                } else if (!REGION.matcher(d.region()).matches()) {
                    error("region", "'" + d.region() + "' is not an AWS region name such as eu-west-1 or us-east-1");
                }
            }
            d.tags().forEach((key, value) -> {
                if (key.isEmpty() || key.length() > 128 || key.toLowerCase().startsWith("aws:")) {
                    error("tags", "the tag key '" + key + "' must be 1-128 characters and not start with 'aws:'");
                }
                if (value != null && value.length() > 256) {
                    error("tags." + key, "a tag value is at most 256 characters");
                }
            });
        }

        private void network(NetworkDefinition n) {
            if (n.createsVpc()) {
                cidr("network.vpcCidr", n.vpcCidr());
                if (n.maxAzs() < 2 || n.maxAzs() > 6) {
                    error("network.maxAzs", "a new VPC spans 2 to 6 availability zones, not " + n.maxAzs());
                }
                if (!n.publicSubnetIds().isEmpty() || !n.privateSubnetIds().isEmpty()) {
                    error(n.publicSubnetIds().isEmpty() ? "network.privateSubnetIds" : "network.publicSubnetIds",
                            "subnets belong to an existing VPC: set network.vpcId too, or leave the subnets out to "
                                    + "create a new VPC");
                }
                return;
            }
            if (!VPC.matcher(n.vpcId()).matches()) {
                error("network.vpcId", "'" + n.vpcId() + "' is not a VPC id such as vpc-0a1b2c3d4e5f60718");
            }
            if (n.vpcCidr() != null) {
                error("network.vpcCidr", "the address range is that of the existing VPC " + n.vpcId()
                        + ": leave vpcCidr out");
            }
            ids("network.privateSubnetIds", n.privateSubnetIds(), SUBNET, "subnet-0123456789abcdef0");
            if (n.privateSubnetIds().size() < 2) {
                error("network.privateSubnetIds", "with an existing VPC, give at least 2 private subnets in different "
                        + "availability zones for the collector, the ETL and the brokers");
            }
            ids("network.publicSubnetIds", n.publicSubnetIds(), SUBNET, "subnet-0123456789abcdef0");
            if (d.ingestion().internetFacing() && n.publicSubnetIds().size() < 2) {
                error("network.publicSubnetIds", "an internet-facing endpoint needs at least 2 public subnets in "
                        + "different availability zones for its load balancer (or set ingestion.internetFacing: false)");
            }
            duplicates("network", n.publicSubnetIds(), n.privateSubnetIds());
        }

        private void lake(LakeDefinition lake) {
            if (aws) {
                if (lake.directory() != null) {
                    error("lake.directory", "an AWS pipeline keeps its lake in S3: leave directory out, and set "
                            + "lake.bucket to use an existing bucket");
                }
                if (lake.bucket() != null && (!BUCKET.matcher(lake.bucket()).matches() || lake.bucket().contains("..")
                        || lake.bucket().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
                    error("lake.bucket", "'" + lake.bucket() + "' is not a valid S3 bucket name: 3-63 lower-case "
                            + "letters, digits, '.' or '-', starting and ending with a letter or digit");
                }
                if (lake.prefix().startsWith("/")) {
                    error("lake.prefix", "an S3 key prefix does not start with '/': write '"
                            + lake.prefix().replaceFirst("^/+", "") + "'");
                }
                return;
            }
            if (lake.bucket() != null) {
                error("lake.bucket", "the local runtime keeps its lake in a directory: use lake.directory, or "
                        + "runtime: aws for an S3 lake");
            }
            if (lake.directory() != null) {
                localPath("lake.directory", lake.directory()).flatMap(local::writableDirectory)
                        .ifPresent(message -> error("lake.directory", message));
            }
        }

        private void ingestion(IngestionDefinition in) {
            int port = in.port();
            if (port < 0 || port > 65535) {
                error("ingestion.port", "port " + port + " does not exist: use 1024-65535 (or 0 for any free port)");
            } else if (aws) {
                if (port == 0) {
                    error("ingestion.port", "the container port behind the load balancer must be fixed, e.g. 8081");
                }
            } else if (port != 0 && port != context.currentPort()) {
                String owner = context.reservedPorts().get(port);
                if (owner != null) {
                    error("ingestion.port", "port " + port + " is used by the pipeline '" + owner + "'");
                } else {
                    context.ports().whyUnavailable(in.host(), port).ifPresent(m -> error("ingestion.port", m));
                }
            }
            if (!in.path().startsWith("/") || in.path().contains("?") || in.path().contains("#")
                    || in.path().chars().anyMatch(Character::isWhitespace)) {
                error("ingestion.path", "'" + in.path() + "' is not a path: it starts with '/', e.g. /collect");
            } else if (COLLECTOR_PATHS.contains(in.path())) {
                error("ingestion.path", in.path() + " is the collector's own endpoint: choose another path");
            }
            for (int i = 0; i < in.allowedOrigins().size(); i++) {
                String origin = in.allowedOrigins().get(i);
                if (origin == null || !ORIGIN.matcher(origin).matches()) {
                    error("ingestion.allowedOrigins[" + i + "]", "'" + origin + "' is not a web origin: write "
                            + "scheme and host (and port), e.g. https://shop.example.com, with no path or trailing '/'");
                }
            }
            for (int i = 0; i < in.trustedProxies().size(); i++) {
                try {
                    TrustedProxies.parse(List.of(String.valueOf(in.trustedProxies().get(i))));
                } catch (IllegalArgumentException e) {
                    error("ingestion.trustedProxies[" + i + "]", "'" + in.trustedProxies().get(i)
                            + "' is not an IP address or CIDR range such as 10.0.0.0/8");
                }
            }
            if (in.auth() != null) {
                String issuer = in.auth().issuer();
                if (issuer == null || !(issuer.startsWith("https://")
                        || issuer.startsWith("http://localhost") || issuer.startsWith("http://127.0.0.1"))) {
                    error("ingestion.auth.issuer", "the OIDC issuer is the https:// URL in the tokens' iss claim, "
                            + "e.g. https://login.example.com/realms/shop");
                }
                if (in.auth().audience() == null || in.auth().audience().isBlank()) {
                    error("ingestion.auth.audience", "name the audience the tokens are issued for (their aud claim)");
                }
            }
            sink(in.sink());
            if (aws) {
                fleet(in);
            }
        }

        private void sink(SinkDefinition sink) {
            SinkType type = sink.type();
            if (aws && type == SinkType.LOCAL) {
                error("ingestion.sink.type", "local files do not outlive a container on AWS: use s3, kafka or kinesis");
            }
            if (!aws && (type == SinkType.S3 || type == SinkType.KINESIS)) {
                error("ingestion.sink.type", "the " + type.id() + " sink needs runtime: aws; the local runtime "
                        + "writes local files or to Kafka");
            }
            range("ingestion.sink.batch.maxSizeMiB", sink.batch().maxSizeMiB(), 1, 1024, "MiB");
            range("ingestion.sink.batch.maxIntervalSeconds", sink.batch().maxIntervalSeconds(), 1, 3600, "seconds");
            if (sink.kafka() != null && type != SinkType.KAFKA) {
                error("ingestion.sink.kafka", "Kafka settings are given but the sink type is " + type.id()
                        + ": set type: kafka or remove them");
            }
            if (sink.kinesis() != null && type != SinkType.KINESIS) {
                error("ingestion.sink.kinesis", "Kinesis settings are given but the sink type is " + type.id()
                        + ": set type: kinesis or remove them");
            }
            if (type == SinkType.KAFKA) {
                kafka(sink.kafka());
            }
            if (type == SinkType.KINESIS) {
                kinesis(sink.kinesis());
            }
        }

        private void kafka(SinkDefinition.KafkaSink k) {
            String at = "ingestion.sink.kafka.";
            if (k.topic() != null && (!KAFKA_TOPIC.matcher(k.topic()).matches() || k.topic().matches("\\.+"))) {
                error(at + "topic", "'" + k.topic() + "' is not a Kafka topic name: letters, digits, '.', '_' or '-'");
            }
            if (k.bootstrapServers() != null && !BOOTSTRAP.matcher(k.bootstrapServers()).matches()) {
                error(at + "bootstrapServers", "write the brokers as host:port[,host:port...], e.g. "
                        + "b-1.kafka.example.com:9092");
            }
            if (!aws) {
                if (k.bootstrapServers() == null) {
                    error(at + "bootstrapServers", "the local runtime needs the brokers of your Kafka, e.g. localhost:9092");
                }
                if (k.mskClusterArn() != null) {
                    error(at + "mskClusterArn", "an MSK cluster needs runtime: aws; locally give bootstrapServers");
                }
            } else if (k.bootstrapServers() != null && k.mskClusterArn() != null) {
                error(at + "mskClusterArn", "give either bootstrapServers or mskClusterArn, not both");
            } else if (k.mskClusterArn() != null) {
                sameRegionArn(at + "mskClusterArn", k.mskClusterArn(), MSK_ARN, "MSK cluster",
                        "arn:aws:kafka:eu-west-1:123456789012:cluster/clickstream/abcd1234-...");
            }
            if (k.partitions() < 1 || k.partitions() > 1000) {
                error(at + "partitions", "a topic has 1 to 1000 partitions, not " + k.partitions());
            }
            if (k.replicationFactor() < 1) {
                error(at + "replicationFactor", "the replication factor is at least 1");
            }
            if (aws && k.createsMskCluster()) {
                if (k.brokerInstanceType() == null || !k.brokerInstanceType().startsWith("kafka.")) {
                    error(at + "brokerInstanceType", "an MSK broker type starts with 'kafka.', e.g. kafka.m5.large");
                }
                int zones = zones();
                if (k.brokerCount() == null || k.brokerCount() < 1 || zones > 0 && k.brokerCount() % zones != 0) {
                    error(at + "brokerCount", "MSK spreads brokers evenly over the " + zones + " availability zones: "
                            + "use a multiple of " + zones + ", e.g. " + zones);
                } else if (k.replicationFactor() > k.brokerCount()) {
                    error(at + "replicationFactor", "a replication factor of " + k.replicationFactor()
                            + " needs at least as many brokers; the cluster has " + k.brokerCount());
                }
            }
        }

        /** Availability zones the pipeline's private subnets span (one subnet each, as far as the ids tell). */
        private int zones() {
            NetworkDefinition n = d.network();
            return n.createsVpc() ? n.maxAzs() : Math.max(n.privateSubnetIds().size(), 1);
        }

        private void kinesis(SinkDefinition.KinesisSink k) {
            String at = "ingestion.sink.kinesis.";
            if (k.streamName() != null && !STREAM.matcher(k.streamName()).matches()) {
                error(at + "streamName", "'" + k.streamName() + "' is not a stream name: 1-128 letters, digits, "
                        + "'_', '.' or '-'");
            }
            if (k.capacityMode() == KinesisCapacityMode.PROVISIONED) {
                if (k.shards() == null || k.shards() < 1 || k.shards() > 500) {
                    error(at + "shards", "a provisioned stream has 1 to 500 shards (each takes 1 MiB/s in)");
                }
            } else if (k.shards() != null) {
                error(at + "shards", "an on-demand stream scales its shards itself: leave shards out, or set "
                        + "capacityMode: provisioned");
            }
            range(at + "retentionHours", k.retentionHours(), 24, 8760, "hours");
        }

        private void fleet(IngestionDefinition in) {
            if (in.compute() == ComputeType.EC2) {
                if (in.instanceType() == null || !INSTANCE_TYPE.matcher(in.instanceType()).matches()) {
                    error("ingestion.instanceType", "'" + in.instanceType() + "' is not an EC2 instance type such "
                            + "as c6i.large");
                }
            } else if (in.instanceType() != null) {
                error("ingestion.instanceType", "Fargate sizes its own tasks: an instance type is for compute: ec2");
            }
            IngestionDefinition.Capacity c = in.capacity();
            if (c.min() < 1) {
                error("ingestion.capacity.min", "at least 1 task must run, or the endpoint is down");
            }
            if (c.max() < c.min()) {
                error("ingestion.capacity.max", "the most tasks (" + c.max() + ") is below the fewest (" + c.min() + ")");
            } else if (c.max() > 100) {
                error("ingestion.capacity.max", "at most 100 tasks");
            }
            range("ingestion.capacity.targetCpuPercent", c.targetCpuPercent(), 10, 90, "%");
            if (in.domain() != null) {
                String name = in.domain().name();
                if (name == null || !HOST_NAME.matcher(name).matches()) {
                    error("ingestion.domain.name", "'" + name + "' is not a domain name such as collect.example.com");
                }
                if (in.domain().certificateArn() == null) {
                    error("ingestion.domain.certificateArn", "HTTPS on " + name + " needs an ACM certificate for it");
                } else {
                    sameRegionArn("ingestion.domain.certificateArn", in.domain().certificateArn(), CERTIFICATE_ARN,
                            "ACM certificate", "arn:aws:acm:eu-west-1:123456789012:certificate/<uuid>");
                }
            }
            if (in.globalAccelerator() && !in.internetFacing()) {
                error("ingestion.globalAccelerator", "Global Accelerator serves internet clients: it needs "
                        + "ingestion.internetFacing: true");
            }
        }

        private void processing(ProcessingDefinition p) {
            try {
                ScheduleExpression.parse(p.schedule());
            } catch (IllegalArgumentException e) {
                error("processing.schedule", e.getMessage());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < p.plugins().size(); i++) {
                plugin("processing.plugins[" + i + "].", p.plugins().get(i), seen);
            }
            pii(p.pii());
            if (p.geoipDatabase() != null) {
                if (aws) {
                    if (!p.geoipDatabase().startsWith("s3://")) {
                        error("processing.geoipDatabase", "the ETL on AWS reads the GeoIP database from S3: give an "
                                + "s3://bucket/key URI of the .mmdb file");
                    }
                } else {
                    localPath("processing.geoipDatabase", p.geoipDatabase()).flatMap(local::geoipDatabase)
                            .ifPresent(m -> error("processing.geoipDatabase", m));
                }
            }
            if (aws) {
                range("processing.rawRetentionDays", p.rawRetentionDays(), 31, 36500,
                        "days (raw batches move to infrequent access after 30 days)");
            } else {
                range("processing.rawRetentionDays", p.rawRetentionDays(), 1, 36500, "days");
            }
            range("processing.sessionTimeoutMinutes", p.sessionTimeoutMinutes(), 1, 1440, "minutes");
        }

        private void plugin(String at, ProcessingDefinition.Plugin plugin, Set<String> seen) {
            String className = plugin.className();
            if (className == null || !JAVA_CLASS.matcher(className).matches()) {
                error(at + "className", "'" + className + "' is not a Java class name such as "
                        + "com.example.CouponEnricher");
                return;
            }
            if (!seen.add(className)) {
                error(at + "className", className + " is already in the list; a plugin runs once");
            }
            plugin.settings().keySet().stream().filter(String::isBlank).findFirst()
                    .ifPresent(k -> error(at + "settings", "a setting needs a name"));
            String jar = plugin.jar();
            if (jar != null && jar.startsWith("s3://")) {
                if (!aws) {
                    error(at + "jar", "the local runtime loads plugins from local files: give the jar's path");
                }
                return; // on AWS the ETL loads it from S3; the class is checked when the job starts
            }
            if (jar != null && aws) {
                error(at + "jar", "the ETL on AWS loads plugin jars from S3: give an s3://bucket/key URI");
                return;
            }
            Optional<Path> jarPath = jar == null ? Optional.empty() : localPath(at + "jar", jar);
            if (jar != null && jarPath.isEmpty()) {
                return;
            }
            local.pluginClass(className, jarPath.orElse(null)).ifPresent(problem ->
                    error(at + (problem.inJar() ? "jar" : "className"), problem.message()));
        }

        private void pii(ProcessingDefinition.PiiRules pii) {
            for (int i = 0; i < pii.hash().size(); i++) {
                if (pii.hash().get(i) == null || pii.hash().get(i).isBlank()) {
                    error("processing.pii.hash[" + i + "]", "give the attribute's name");
                }
            }
            for (int i = 0; i < pii.drop().size(); i++) {
                String name = pii.drop().get(i);
                if (name == null || name.isBlank()) {
                    error("processing.pii.drop[" + i + "]", "give the attribute's name");
                } else if (pii.hash().contains(name)) {
                    error("processing.pii.drop[" + i + "]", "'" + name + "' is both hashed and dropped: keep one");
                }
            }
        }

        private void modeling(ModelingDefinition m) {
            if (!aws) {
                if (m.athena().enabled()) {
                    error("modeling.athena.enabled", "Athena needs runtime: aws; the local runtime queries with DuckDB");
                }
                if (m.redshift().enabled()) {
                    error("modeling.redshift.enabled", "Redshift Serverless needs runtime: aws; the local runtime "
                            + "queries with DuckDB");
                }
                if (!m.duckdb()) {
                    error("modeling.duckdb", "the local runtime queries its tables with DuckDB: keep it on");
                }
                return;
            }
            if (m.duckdb()) {
                error("modeling.duckdb", "DuckDB queries a local lake only: on AWS use Athena and/or Redshift");
            }
            if (!m.athena().enabled() && !m.redshift().enabled()) {
                error("modeling", "an AWS pipeline needs a query engine: enable athena and/or redshift");
            }
            if (m.athena().enabled()) {
                if (m.athena().workgroup() != null && !WORKGROUP.matcher(m.athena().workgroup()).matches()) {
                    error("modeling.athena.workgroup", "'" + m.athena().workgroup() + "' is not a workgroup name: "
                            + "1-128 letters, digits, '.', '_' or '-'");
                }
                range("modeling.athena.scanLimitGiB", m.athena().scanLimitGiB(), 1, 1_000_000, "GiB");
            }
            if (m.redshift().enabled()) {
                redshift(m.redshift());
            }
        }

        private void redshift(ModelingDefinition.Redshift r) {
            String at = "modeling.redshift.";
            int rpu = r.baseRpu();
            if (rpu < 8 || rpu > 512 || rpu % 8 != 0) {
                error(at + "baseRpu", "the base capacity is 8 to 512 RPU in steps of 8, not " + rpu);
            }
            if (r.vpcId() == null) {
                error(at + "vpcId", "Redshift Serverless runs inside a VPC: give its vpcId and at least 3 subnetIds "
                        + "in 3 availability zones" + (d.network().createsVpc() ? "" : " (e.g. " + d.network().vpcId()
                        + ", the pipeline's VPC)"));
            } else if (!VPC.matcher(r.vpcId()).matches()) {
                error(at + "vpcId", "'" + r.vpcId() + "' is not a VPC id such as vpc-0a1b2c3d4e5f60718");
            }
            ids(at + "subnetIds", r.subnetIds(), SUBNET, "subnet-0123456789abcdef0");
            if (r.vpcId() != null && r.subnetIds().size() < 3) {
                error(at + "subnetIds", "Redshift Serverless needs at least 3 subnets in 3 different availability "
                        + "zones; " + r.subnetIds().size() + " given");
            }
            ids(at + "securityGroupIds", r.securityGroupIds(), SECURITY_GROUP, "sg-0123456789abcdef0");
            if (!DATABASE.matcher(r.databaseName()).matches()) {
                error(at + "databaseName", "'" + r.databaseName() + "' is not a Redshift database name: lower-case "
                        + "letters, digits, '_' or '$', starting with a letter or '_'");
            }
        }

        private void reporting(ReportingDefinition r) {
            ReportingDefinition.QuickSight q = r.quickSight();
            if (!q.enabled()) {
                return;
            }
            if (!aws) {
                error("reporting.quickSight.enabled", "QuickSight needs runtime: aws; the local runtime has the "
                        + "built-in dashboards");
                return;
            }
            if (q.principalArn() == null) {
                error("reporting.quickSight.principalArn", "name the QuickSight user or group that owns the "
                        + "dashboards, e.g. arn:aws:quicksight:eu-west-1:123456789012:user/default/admin");
            } else {
                sameRegionArn("reporting.quickSight.principalArn", q.principalArn(), QUICKSIGHT_PRINCIPAL,
                        "QuickSight user or group", "arn:aws:quicksight:eu-west-1:123456789012:user/default/admin");
            }
            if (!d.modeling().athena().enabled() && !d.modeling().redshift().enabled()) {
                error("reporting.quickSight.enabled", "QuickSight reads Athena or Redshift: enable one in modeling");
            }
        }

        /** A local path of the definition, resolved under the data directory; an error when it is no path. */
        private Optional<Path> localPath(String field, String text) {
            Optional<Path> path = LocalResources.resolve(context.baseDir(), text);
            if (path.isEmpty()) {
                error(field, "'" + text + "' is not a valid path");
            }
            return path;
        }

        private void range(String field, int value, int min, int max, String unit) {
            if (value < min || value > max) {
                error(field, value + " is out of range: use " + min + " to " + max + " " + unit);
            }
        }

        private void ids(String field, List<String> ids, Pattern pattern, String example) {
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) == null || !pattern.matcher(ids.get(i)).matches()) {
                    error(field + "[" + i + "]", "'" + ids.get(i) + "' is not an id such as " + example);
                }
            }
        }

        private void duplicates(String field, List<String> publicIds, List<String> privateIds) {
            for (String id : publicIds) {
                if (privateIds.contains(id)) {
                    error(field, id + " is listed as both public and private: a subnet is one or the other");
                }
            }
        }

        private void cidr(String field, String cidr) {
            var m = cidr == null ? null : CIDR.matcher(cidr);
            boolean ok = m != null && m.matches();
            if (ok) {
                for (int i = 1; i <= 4; i++) {
                    ok &= Integer.parseInt(m.group(i)) <= 255;
                }
                int bits = Integer.parseInt(m.group(5));
                ok &= bits >= 16 && bits <= 24;
            }
            if (!ok) {
                error(field, "'" + cidr + "' is not an IPv4 range from /16 to /24, e.g. 10.0.0.0/16");
            }
        }

        private void sameRegionArn(String field, String arn, Pattern pattern, String what, String example) {
            var m = pattern.matcher(arn);
            if (!m.matches()) {
                error(field, "'" + arn + "' is not the ARN of the " + what + ": it looks like " + example);
            } else if (d.region() != null && !m.group(1).equals(d.region())) {
                error(field, "the " + what + " is in " + m.group(1) + " but the pipeline is in " + d.region()
                        + ": use one from " + d.region());
            }
        }
    }
}
