/**
 * The contracts between Clickstream Studio's deployables: what an SDK sends ({@link io.clickstream.model.SdkEvent}),
 * what a sink stores ({@link io.clickstream.model.RawEnvelope}), where the lake keeps each kind of file
 * ({@link io.clickstream.model.LakeLayout}), which columns the modeled tables have
 * ({@link io.clickstream.model.ModeledTables}) and which requests and events are valid. Ingestion, ETL and studio all
 * call this code instead of re-declaring any of it; it depends on nothing but Jackson's streaming core.
 */
package io.clickstream.model;
