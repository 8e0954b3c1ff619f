/** The login screen. It is public because the security configuration names it as Spring Security's login page. */
package io.clickstream.studio.security.ui;
