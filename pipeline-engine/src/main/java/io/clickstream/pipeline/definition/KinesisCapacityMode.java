package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Capacity mode of a Kinesis data stream: {@code on_demand} (scales by itself) or {@code provisioned} (fixed shards). */
public enum KinesisCapacityMode {
    ON_DEMAND, PROVISIONED;

    @JsonValue
    public String id() {
        return Names.id(this);
    }

    @JsonCreator
    public static KinesisCapacityMode of(String text) {
        return Names.parse(KinesisCapacityMode.class, "Kinesis capacity mode", text);
    }
}
