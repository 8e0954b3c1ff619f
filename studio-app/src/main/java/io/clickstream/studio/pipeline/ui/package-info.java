/**
 * The pipeline pages: the list with status and alarm badges, the four-step wizard (basic, ingestion, processing,
 * reporting) that creates and edits definitions with each problem next to its field, and a pipeline's page with live
 * monitoring (server push), quarantine, alarms, history, definition export and its actions.
 */
package io.clickstream.studio.pipeline.ui;
