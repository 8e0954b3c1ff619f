package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where the collector puts each request before answering {@code 200}: gzip JSON-line files in a local lake
 * ({@code local}), the same files in the lake bucket ({@code s3}), a Kafka or Amazon MSK topic ({@code kafka}), or a
 * Kinesis data stream ({@code kinesis}).
 */
public enum SinkType {
    LOCAL, S3, KAFKA, KINESIS;

    @JsonValue
    public String id() {
        return Names.id(this);
    }

    @JsonCreator
    public static SinkType of(String text) {
        return Names.parse(SinkType.class, "sink type", text);
    }
}
