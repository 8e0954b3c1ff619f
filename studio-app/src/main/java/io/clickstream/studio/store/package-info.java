/**
 * Wiring of the metadata store: which adapter holds the studio's state ({@code clickstream.metadata.store}) and the
 * shared repositories (projects, apps) every feature reads through.
 */
package io.clickstream.studio.store;
