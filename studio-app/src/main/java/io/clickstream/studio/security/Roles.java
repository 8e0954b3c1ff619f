package io.clickstream.studio.security;

import java.util.List;

/**
 * The studio's roles (DESIGN.md): Administrator may do everything, Operator runs pipelines, Analyst explores and
 * builds dashboards, Reader views dashboards. Used as {@code @RolesAllowed} values, so they are constants; Spring
 * authorities are {@code ROLE_<Role>}. "Analyst or above" is {@code @RolesAllowed({ADMINISTRATOR, ANALYST})},
 * "Operator or above" {@code @RolesAllowed({ADMINISTRATOR, OPERATOR})}.
 */
public final class Roles {

    public static final String ADMINISTRATOR = "Administrator";
    public static final String OPERATOR = "Operator";
    public static final String ANALYST = "Analyst";
    public static final String READER = "Reader";

    public static final List<String> ALL = List.of(ADMINISTRATOR, OPERATOR, ANALYST, READER);

    private Roles() {
    }

    /** The Spring authority of a role: {@code ROLE_Analyst}. */
    public static String authority(String role) {
        return "ROLE_" + role;
    }
}
