/**
 * The built-in Overview dashboard: events per day, active users per day and top events of one app over the last
 * 30 days, with headline totals. The service assembles typed results from the query engine; {@code ui} draws them.
 */
package io.clickstream.studio.overview;
