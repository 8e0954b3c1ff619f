/**
 * Which runtime carries events from the SDKs to the modeled tables beside this studio. In local mode (the
 * default) the studio starts the pipeline engine's local runtime in its own JVM: ingestion on its own port, the
 * Spark ETL on a schedule, demo traffic on the first start.
 */
package io.clickstream.studio.runtime;
