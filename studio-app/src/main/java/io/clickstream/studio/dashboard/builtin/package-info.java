/**
 * The built-in dashboards every app has without setup, after the reference's QuickSight dashboards: Overview,
 * Acquisition, Engagement, Retention, Devices, Details and Realtime. {@link
 * io.clickstream.studio.dashboard.builtin.BuiltInDashboards} assembles each one's figures from the exploration
 * engine ({@code DashboardQueries}, {@code ExploreService}) for an app and its dates; {@code ui} draws them.
 */
package io.clickstream.studio.dashboard.builtin;
