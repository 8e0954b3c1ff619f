package io.clickstream.studio.api;

/** Where the JSON API lives. Controllers map under {@link #V1}. */
public final class ApiPaths {

    /** The prefix of every version-1 endpoint: {@code @RequestMapping(ApiPaths.V1 + "/projects")}. */
    public static final String V1 = "/api/v1";
    /** The OpenAPI document of the whole API (public). */
    public static final String OPENAPI = V1 + "/openapi.json";
    static final String ALL = "/api/**";

    private ApiPaths() {
    }
}
