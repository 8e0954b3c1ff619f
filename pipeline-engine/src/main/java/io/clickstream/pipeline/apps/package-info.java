/**
 * The app catalog: which app ids exist, whether they are enabled, their time zone and the web origins allowed to
 * send them events. Ingestion asks it on every request, so changes take effect without a restart.
 */
package io.clickstream.pipeline.apps;
