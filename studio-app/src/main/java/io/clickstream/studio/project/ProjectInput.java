package io.clickstream.studio.project;

/**
 * A project as a form or an API request gives it. On a change, null fields keep their value.
 *
 * @param id          1-128 letters, digits, '.', '_' or '-'; fixed once created
 * @param name        display name (the id when blank)
 * @param description free text
 * @param enabled     a disabled project's apps are refused by ingestion (default true)
 * @param version     on a change, the version read (alternative to {@code If-Match})
 */
public record ProjectInput(String id, String name, String description, Boolean enabled, Long version) {
}
