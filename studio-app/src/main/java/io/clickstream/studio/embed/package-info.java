/**
 * Embed links for internal portals: an administrator shares one custom dashboard, one of its tiles, or one QuickSight
 * visual through a signed, expiring, revocable link; {@code /embed/<token>} shows it read-only, with no studio
 * session, inside the portal's iframe (and only there: {@code frame-ancestors} names the link's origins). Links live
 * in the metadata store (partition {@code EMBED}); the signing key is made at first start and kept there too.
 */
package io.clickstream.studio.embed;
