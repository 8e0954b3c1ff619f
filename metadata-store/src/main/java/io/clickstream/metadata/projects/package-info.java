/**
 * Projects, which group apps and own pipelines: read by the studio and by the pipeline engine, so mapped here
 * next to apps.
 */
package io.clickstream.metadata.projects;
