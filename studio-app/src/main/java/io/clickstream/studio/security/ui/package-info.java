/**
 * The sign-in and account views: login (public, because the security configuration names it), the change-password
 * page with the gate that forces it, the Users page (administrators) and the API tokens page (everyone).
 */
package io.clickstream.studio.security.ui;
