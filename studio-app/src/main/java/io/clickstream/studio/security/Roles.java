package io.clickstream.studio.security;

import java.util.List;

/**
 * The studio's roles (DESIGN.md): Administrator may do everything, Operator runs pipelines, Analyst explores and
 * builds dashboards, Reader views dashboards. Used as {@code @RolesAllowed} values, so they are constants.
 */
public final class Roles {

    public static final String ADMINISTRATOR = "Administrator";
    public static final String OPERATOR = "Operator";
    public static final String ANALYST = "Analyst";
    public static final String READER = "Reader";

    public static final List<String> ALL = List.of(ADMINISTRATOR, OPERATOR, ANALYST, READER);

    private Roles() {
    }
}
