/**
 * Projects and their apps: {@link io.clickstream.studio.project.ProjectService} (read by every role, changed by
 * administrators, audited, optimistic locking), the API under {@code /api/v1/projects} and {@code /api/v1/apps},
 * and in {@code ui} the Projects page and each app's page with its ingestion endpoint and SDK snippets.
 */
package io.clickstream.studio.project;
