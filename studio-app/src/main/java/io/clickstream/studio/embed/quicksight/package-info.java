/**
 * QuickSight embedding in AWS mode: embed URLs for a registered user's dashboard in the studio
 * ({@code GenerateEmbedUrlForRegisteredUser}), and for one visual in a portal through an embed link
 * ({@code GenerateEmbedUrlForAnonymousUser} with the {@code DashboardVisual} experience, or the registered-user
 * variant), and the links between studio dashboards and QuickSight dashboards.
 */
package io.clickstream.studio.embed.quicksight;
