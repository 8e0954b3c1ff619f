/** The Projects page and each app's page (endpoint, SDK snippets). */
package io.clickstream.studio.project.ui;
