package io.clickstream.pipeline.definition;

import java.util.List;

/**
 * The collector of a pipeline: its endpoint, who may call it, where it puts requests, and on AWS the fleet that runs
 * it behind an Application Load Balancer.
 *
 * @param port              local runtime: the port the collector binds (default 8081; 0 picks a free one at each
 *                          start). AWS: the container port behind the load balancer
 * @param host              local runtime: the interface to bind, default {@code 0.0.0.0} (all)
 * @param path              the collect path the SDKs post to, default {@code /collect}
 * @param allowedOrigins    web origins ({@code https://shop.example.com}) allowed to post from a browser to every app of
 *                          the pipeline, on top of each app's own allowed origins; empty by default
 * @param trustedProxies    addresses or CIDR ranges whose {@code X-Forwarded-For} is believed (the load balancer on
 *                          AWS is trusted without being listed); empty by default
 * @param auth              when set, every collect request needs a bearer JWT from this OIDC issuer; null accepts
 *                          requests without a token
 * @param sink              where requests are made durable before the {@code 200}
 * @param compute           AWS: {@code fargate} (default) or {@code ec2}
 * @param instanceType      AWS with {@code ec2}: the instance type, default {@code c6i.large}; null for fargate
 * @param capacity          AWS: how many collector tasks run, and when to scale
 * @param domain            AWS: a custom domain name and its ACM certificate for HTTPS; null serves HTTP on the load
 *                          balancer's own name
 * @param globalAccelerator AWS: put an AWS Global Accelerator in front of the load balancer (default false)
 * @param internetFacing    AWS: the load balancer is reachable from the internet (default true); false makes it internal
 */
public record IngestionDefinition(
        Integer port,
        String host,
        String path,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        Auth auth,
        SinkDefinition sink,
        ComputeType compute,
        String instanceType,
        Capacity capacity,
        Domain domain,
        Boolean globalAccelerator,
        Boolean internetFacing) {

    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final String DEFAULT_PATH = "/collect";
    public static final String DEFAULT_EC2_INSTANCE_TYPE = "c6i.large";

    public IngestionDefinition {
        port = port == null ? DEFAULT_PORT : port;
        host = host == null ? DEFAULT_HOST : host;
        path = path == null ? DEFAULT_PATH : path;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        sink = sink == null ? SinkDefinition.defaults() : sink;
        compute = compute == null ? ComputeType.FARGATE : compute;
        instanceType = instanceType == null && compute == ComputeType.EC2 ? DEFAULT_EC2_INSTANCE_TYPE : instanceType;
        capacity = capacity == null ? Capacity.defaults() : capacity;
        globalAccelerator = globalAccelerator != null && globalAccelerator;
        internetFacing = internetFacing == null || internetFacing;
    }

    /** Every default: port 8081, {@code /collect}, local files, no auth. */
    public static IngestionDefinition defaults() {
        return new IngestionDefinition(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same collector on another port. */
    public IngestionDefinition withPort(int newPort) {
        return new IngestionDefinition(newPort, host, path, allowedOrigins, trustedProxies, auth, sink, compute,
                instanceType, capacity, domain, globalAccelerator, internetFacing);
    }

    /** The same collector with another sink. */
    public IngestionDefinition withSink(SinkDefinition newSink) {
        return new IngestionDefinition(port, host, path, allowedOrigins, trustedProxies, auth, newSink, compute,
                instanceType, capacity, domain, globalAccelerator, internetFacing);
    }

    IngestionDefinition resolvedFor(RuntimeMode runtime) {
        SinkDefinition resolved = sink.resolvedFor(runtime);
        return resolved == sink ? this : withSink(resolved);
    }

    /**
     * Bearer-JWT authentication of the collect endpoint (the collector fetches the issuer's keys from its OpenID
     * configuration).
     *
     * @param issuer   the OIDC issuer URL, as in the tokens' {@code iss}
     * @param audience the audience the tokens must name in {@code aud}
     */
    public record Auth(String issuer, String audience) {
    }

    /**
     * How many collector tasks (or EC2 instances) run on AWS.
     *
     * @param min              tasks that always run, default 2 (one per zone keeps the endpoint up when a zone fails)
     * @param max              most tasks scaling out may start, default 4
     * @param targetCpuPercent average CPU the scaling policy keeps the tasks at, default 50
     */
    public record Capacity(Integer min, Integer max, Integer targetCpuPercent) {

        public static final int DEFAULT_MIN = 2;
        public static final int DEFAULT_MAX = 4;
        public static final int DEFAULT_TARGET_CPU_PERCENT = 50;

        public Capacity {
            min = min == null ? DEFAULT_MIN : min;
            max = max == null ? Math.max(DEFAULT_MAX, min) : max;
            targetCpuPercent = targetCpuPercent == null ? DEFAULT_TARGET_CPU_PERCENT : targetCpuPercent;
        }

        /** 2 to 4 tasks at 50 % CPU. */
        public static Capacity defaults() {
            return new Capacity(null, null, null);
        }
    }

    /**
     * A custom domain of the collect endpoint on AWS, served over HTTPS (HTTP redirects to it).
     *
     * @param name           the host name SDKs use, e.g. {@code collect.example.com}; its DNS record (a CNAME or alias
     *                       to the load balancer or accelerator) is the user's to create
     * @param certificateArn an ACM certificate for that name, in the pipeline's region
     *                       ({@code arn:aws:acm:<region>:<account>:certificate/<id>})
     */
    public record Domain(String name, String certificateArn) {
    }
}
