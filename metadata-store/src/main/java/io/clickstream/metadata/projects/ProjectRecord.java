package io.clickstream.metadata.projects;

import io.clickstream.model.LakeLayout;

/**
 * A project: a group of apps (a product across its web site and mobile apps) that pipelines serve together.
 *
 * @param id          1-128 characters of {@code [A-Za-z0-9._-]}, stable (it appears in URLs and pipeline names)
 * @param name        display name (the id when blank)
 * @param description free text, may be empty
 * @param enabled     a disabled project's apps are refused by ingestion
 */
public record ProjectRecord(String id, String name, String description, boolean enabled) {

    public ProjectRecord {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("project id must be 1-128 letters, digits, '.', '_' or '-': '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name.strip();
        description = description == null ? "" : description;
    }

    public static boolean isValidId(String id) {
        return LakeLayout.isSafeSegment(id);
    }
}
