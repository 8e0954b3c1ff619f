package io.clickstream.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link PipelineDefinition}s as YAML or JSON. Reading is strict (an unknown or misspelt field, a
 * number with a fraction where a whole number belongs, or text that is neither YAML nor JSON is an error naming the
 * field), and writing leaves out what is null or empty, so a written definition reads back equal.
 */
public final class PipelineDefinitionCodec {

    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .build());

    private PipelineDefinitionCodec() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);
        // "port": "18090" is a mistake worth naming, not a number to guess; true/false stay booleans only.
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads a definition from YAML or JSON text (JSON when it starts with '{').
     *
     * @throws DefinitionFormatException with the offending field when the text cannot be read
     */
    public static PipelineDefinition read(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new DefinitionFormatException(List.of(new FieldError("", "the definition is empty")), null);
        }
        boolean json = trimmed.startsWith("{");
        ObjectMapper mapper = json ? JSON : YAML;
        try {
            JsonNode root = mapper.readTree(trimmed);
            if (root == null || !root.isObject()) {
                throw new DefinitionFormatException(List.of(new FieldError("",
                        "the definition must be an object with at least a name, e.g. {\"name\":\"edge\"}")), null);
            }
            return mapper.treeToValue(root, PipelineDefinition.class);
        } catch (JsonProcessingException e) {
            throw new DefinitionFormatException(List.of(describe(e, json ? "JSON" : "YAML")), e);
        }
    }

    /** Reads a definition file ({@code .yaml}, {@code .yml} or {@code .json}). */
    public static PipelineDefinition read(Path file) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the definition " + file + ": " + e.getMessage(), e);
        }
    }

    /** The definition as YAML, every default written out. */
    public static String toYaml(PipelineDefinition definition) {
        return write(YAML, definition);
    }

    /** The definition as indented JSON, every default written out. */
    public static String toJson(PipelineDefinition definition) {
        return write(JSON, definition);
    }

    /** The definition as a JSON tree (for APIs that embed it in a larger document). */
    public static JsonNode toTree(PipelineDefinition definition) {
        return JSON.valueToTree(definition);
    }

    /** Reads a definition from a JSON tree (from an API request body). */
    public static PipelineDefinition fromTree(JsonNode tree) {
        try {
            if (tree == null || !tree.isObject()) {
                throw new DefinitionFormatException(List.of(new FieldError("",
                        "the definition must be an object with at least a name, e.g. {\"name\":\"edge\"}")), null);
            }
            return JSON.treeToValue(tree, PipelineDefinition.class);
        } catch (JsonProcessingException e) {
            throw new DefinitionFormatException(List.of(describe(e, "JSON")), e);
        }
    }

    private static String write(ObjectMapper mapper, PipelineDefinition definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a definition record could not be written", e);
        }
    }

    private static FieldError describe(JsonProcessingException e, String format) {
        if (!(e instanceof JsonMappingException mapping) || e instanceof JsonParseException) {
            return new FieldError("", "not valid " + format + at(e.getLocation()) + ": " + e.getOriginalMessage());
        }
        String field = path(mapping.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : "; known fields here: " + unknown.getKnownPropertyIds().stream().map(Object::toString)
                            .sorted().collect(Collectors.joining(", "));
            return new FieldError(field, "unknown field '" + unknown.getPropertyName() + "'" + known);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            return new FieldError(field, cause.getMessage());
        }
        if (e instanceof InvalidFormatException invalid) {
            return new FieldError(field, "expected " + expected(invalid.getTargetType()) + ", got "
                    + quoted(invalid.getValue()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldError(field, "expected " + expected(mismatch.getTargetType()) + got(mismatch));
        }
        return new FieldError(field, e.getOriginalMessage());
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object with named fields";
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    /** The scalar the parser stopped at, when there is one (tree-based reads keep it as the current token). */
    private static String got(MismatchedInputException e) {
        if (e.getProcessor() instanceof JsonParser parser && parser.currentToken() != null
                && parser.currentToken().isScalarValue()) {
            try {
                JsonToken token = parser.currentToken();
                return ", got " + (token == JsonToken.VALUE_STRING ? "'" + parser.getText() + "'" : parser.getText());
            } catch (IOException ignored) {
                // fall back to the location
            }
        }
        return at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
