/**
 * The audit log: every change made through a view or the API ({@link io.clickstream.studio.base.AuditedChange}
 * events published by the services) stored with who and when; administrators read it in the Audit page and at
 * {@code GET /api/v1/audit}.
 */
package io.clickstream.studio.audit;
