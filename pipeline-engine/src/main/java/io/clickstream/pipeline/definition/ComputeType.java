package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What runs the collector's containers on AWS: ECS on Fargate ({@code fargate}) or ECS on EC2 instances ({@code ec2}). */
public enum ComputeType {
    FARGATE, EC2;

    @JsonValue
    public String id() {
        return Names.id(this);
    }

    @JsonCreator
    public static ComputeType of(String text) {
        return Names.parse(ComputeType.class, "compute type", text);
    }
}
