package io.clickstream.studio.explore.saved;

import io.clickstream.studio.explore.model.Analysis;
import java.time.Instant;

/**
 * An exploration someone saved: which analysis, the query exactly as the explore API takes it (JSON text of
 * {@link Analysis#queryType()}, its time range included, which a dashboard replaces by its own), a name and a
 * description, who saved it and when.
 *
 * @param id          generated, stable (dashboard tiles refer to it)
 * @param appId       the app it explores
 * @param name        1-100 characters, shown as a tile's title
 * @param description free text, may be empty
 * @param analysis    the analysis
 * @param query       the query JSON
 * @param owner       who saved it first
 * @param updatedAt   when it was last saved
 */
public record SavedExploration(String id, String appId, String name, String description, Analysis analysis,
                               String query, String owner, Instant updatedAt) {
}
