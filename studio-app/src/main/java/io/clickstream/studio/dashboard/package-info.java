/**
 * Dashboards. Custom dashboards are grids of tiles, each a saved exploration drawn over the dashboard's date range
 * with its filters: kept in the metadata store (partition {@code DASHBOARD}), edited by analysts and administrators,
 * viewed by every role, served by {@code /api/v1/apps/{appId}/dashboards} and {@code /api/v1/dashboards/{id}}. The
 * built-in dashboards (Overview, Acquisition, Engagement, Retention, Devices, Details, Realtime) are in
 * {@code builtin}.
 */
package io.clickstream.studio.dashboard;
