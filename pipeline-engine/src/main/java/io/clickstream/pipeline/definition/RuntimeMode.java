package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a pipeline runs: inside the studio's JVM ({@code local}) or deployed to an AWS account ({@code aws}). */
public enum RuntimeMode {
    LOCAL, AWS;

    @JsonValue
    public String id() {
        return Names.id(this);
    }

    @JsonCreator
    public static RuntimeMode of(String text) {
        return Names.parse(RuntimeMode.class, "runtime", text);
    }
}
