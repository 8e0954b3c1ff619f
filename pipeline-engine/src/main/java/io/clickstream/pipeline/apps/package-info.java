/**
 * The apps the local runtime starts with, put into the metadata store where ingestion and the ETL read them: the
 * {@code apps.json} of earlier versions, imported once, and the demo app in its {@code demo} project.
 */
package io.clickstream.pipeline.apps;
