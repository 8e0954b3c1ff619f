/**
 * What every feature shares: the {@code clickstream.*} configuration record. Nothing here depends on a feature
 * package, so every feature may depend on it.
 */
package io.clickstream.studio.base;
