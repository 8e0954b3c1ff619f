package io.clickstream.studio.audit;

import java.util.List;

/**
 * A page of the audit log, newest first.
 *
 * @param items the entries
 * @param next  pass as {@code after} for the next (older) page; null on the last page
 */
public record AuditPage(List<AuditEntry> items, String next) {
}
