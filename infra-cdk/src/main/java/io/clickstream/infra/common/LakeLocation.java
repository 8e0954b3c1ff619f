package io.clickstream.infra.common;

import java.util.Objects;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Where the lake lives: a bucket and a key prefix ({@code ""} or ending in {@code /}) under which DESIGN.md's layout
 * ({@code raw/}, {@code modeled/}, {@code quarantine/}, {@code _state/}) starts.
 */
public record LakeLocation(IBucket bucket, String prefix) {

    public LakeLocation {
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** The lake root as the collector and the ETL take it: {@code s3://bucket} or {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucket.getBucketName() + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    /** The key of {@code path} (e.g. {@code raw/}) under the lake root. */
    public String key(String path) {
        return prefix + path;
    }

    /** The ARN of the objects matching {@code pattern} (e.g. {@code raw/*}) under the lake root. */
    public String objects(String pattern) {
        return bucket.arnForObjects(prefix + pattern);
    }

    public String bucketArn() {
        return bucket.getBucketArn();
    }
}
