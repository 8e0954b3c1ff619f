package io.clickstream.studio.explore.model;

/** The type of a property's values as explorations compare them: text, or numbers (compared and summed). */
public enum ValueType {
    STRING, NUMBER
}
