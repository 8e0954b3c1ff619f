/**
 * The metadata manager: a scan that discovers each app's events, event parameters and user attributes in the
 * modeled lake, incrementally ({@link io.clickstream.studio.metadata.MetadataScanner}), after ETL runs and on demand
 * ({@link io.clickstream.studio.metadata.MetadataScanScheduler}); the SDK presets' names and descriptions
 * ({@link io.clickstream.studio.metadata.Presets}); analysts' display names, descriptions and categories with
 * optimistic locking ({@link io.clickstream.studio.metadata.MetadataService}); the display-name lookup other features
 * label data with ({@link io.clickstream.studio.metadata.DisplayNames}); and the JSON API under
 * {@code /api/v1/apps/{appId}/metadata}. Everything lives in the metadata store, partition {@code META#<appId>}.
 */
package io.clickstream.studio.metadata;
