/** The Audit page. */
package io.clickstream.studio.audit.ui;
