package io.clickstream.studio.explore.saved;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.studio.explore.model.Analysis;

/**
 * What a client sends to save an exploration: a name, an optional description, the analysis and its query (a JSON
 * object, as {@code POST /explore/{analysis}} takes it). {@code version} is the version read, for a change.
 */
public record SavedExplorationInput(String name, String description, Analysis analysis, JsonNode query, Long version) {
}
