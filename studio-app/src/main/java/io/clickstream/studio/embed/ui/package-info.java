/**
 * The embed page ({@code /embed/<token>}, anonymous, outside the studio's layout) and the list of a dashboard's embed
 * links that administrators see on the dashboard page.
 */
package io.clickstream.studio.embed.ui;
