/**
 * The metadata manager's view: an app picker, grids of events, parameters and user attributes with server-side
 * search, sort and paging, the edit dialog, "Scan now", and an empty state that shows how to send a first event.
 */
package io.clickstream.studio.metadata.ui;
