/** End-to-end tests in real headless Chromium against the studio on a random port. */
package io.clickstream.studio.browser;
