package io.clickstream.studio.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@value ApiPaths#OPENAPI} (springdoc, from the controllers' mappings and records): bearer
 * authentication for every operation, and the problem-detail answers every endpoint can give, so a controller
 * documents only what is particular to it (a {@code @Operation(summary = ...)}, a {@code @Tag}).
 */
@Configuration
class OpenApiConfiguration {

    static final String BEARER = "bearerToken";
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI studioOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Clickstream Studio API").version("v1")
                        .description("Projects, apps and everything the studio manages. Authenticate with "
                                + "'Authorization: Bearer <token>' (a personal token from the studio's API tokens "
                                + "page, or a configured service token); every error is an RFC 9457 problem detail.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A personal or service API token")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds the answers every operation may give: invalid input, missing token, wrong role, conflict. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // Added here, after springdoc built its schemas from the controllers' records, so none replaces it.
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            for (PathItem path : openApi.getPaths().values()) {
                for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.readOperationsMap().entrySet()) {
                    ApiResponses responses = entry.getValue().getResponses();
                    if (responses == null) {
                        responses = new ApiResponses();
                        entry.getValue().setResponses(responses);
                    }
                    add(responses, "400", "Invalid input: 'errors' lists a message per field");
                    add(responses, "401", "Missing, unknown or revoked bearer token");
                    add(responses, "403", "The token's role does not allow this");
                    if (entry.getKey() != PathItem.HttpMethod.GET) {
                        add(responses, "409", "Conflict: a duplicate id, or the item changed since it was read");
                    }
                }
            }
        };
    }

    /** Sets the answer, replacing springdoc's guess from the exception handlers (which lacks the media type). */
    private static void add(ApiResponses responses, String status, String description) {
        responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema fieldMessage = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the input field, as the API names it"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldMessage));
    }
}
