/**
 * The exploration JSON API: {@code POST /api/v1/apps/{appId}/explore/{analysis}} for the six analyses, and a cancel
 * of a running query by its id. It calls the same {@code ExploreService} as the views, allows Administrators and
 * Analysts only (the service's {@code @RolesAllowed}), and answers invalid queries with RFC 9457 problem details
 * naming each field (the shared handler of the {@code api} package).
 */
package io.clickstream.studio.explore.api;
