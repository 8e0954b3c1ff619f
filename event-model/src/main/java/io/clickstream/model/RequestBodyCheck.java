package io.clickstream.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;

/**
 * The cheap, streaming check a collector applies to a request body before accepting it: well-formed JSON, an array
 * of objects (or a single object), nesting depth and item / user attribute / attribute counts within
 * {@link IngestionLimits}. It never builds values, so it costs little more than tokenizing. Per-event schema rules
 * are left to the ETL, which quarantines single bad events instead of refusing a whole batch.
 */
public final class RequestBodyCheck {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(IngestionLimits.MAX_NESTING_DEPTH + 1)
                    .build())
            .build();

    /** Outcome: the number of events, or an error message for the client (a 400). */
    public record Result(int events, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private RequestBodyCheck() {
    }

    public static Result check(byte[] body, int offset, int length) {
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return fail("body is empty");
            }
            int events;
            if (first == JsonToken.START_OBJECT) {
                String problem = checkEvent(p);
                if (problem != null) {
                    return fail(problem);
                }
                events = 1;
            } else if (first == JsonToken.START_ARRAY) {
                events = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) {
                        return fail("body must be a JSON array of event objects; element " + events + " is "
                                + describe(t));
                    }
                    String problem = checkEvent(p);
                    if (problem != null) {
                        return fail("event " + events + ": " + problem);
                    }
                    if (++events > IngestionLimits.MAX_EVENTS_PER_REQUEST) {
                        return fail("more than " + IngestionLimits.MAX_EVENTS_PER_REQUEST + " events in one request");
                    }
                }
            } else {
                return fail("body must be a JSON array of event objects, not " + describe(first));
            }
            if (p.nextToken() != null) {
                return fail("unexpected content after the JSON value");
            }
            return new Result(events, null);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (message.contains("nesting depth")) {
                return fail("JSON nested deeper than " + IngestionLimits.MAX_NESTING_DEPTH + " levels");
            }
            return fail("malformed JSON: " + message);
        }
    }

    /** Walks one event object (standing on its START_OBJECT) and checks the counts of its collections. */
    private static String checkEvent(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                int limit = switch (name) {
                    case "items" -> IngestionLimits.MAX_ITEMS_PER_EVENT;
                    case "user" -> IngestionLimits.MAX_USER_ATTRIBUTES_PER_EVENT;
                    case "attributes" -> IngestionLimits.MAX_ATTRIBUTES_PER_EVENT;
                    default -> -1;
                };
                int count = countChildren(p);
                if (limit >= 0 && count > limit) {
                    return "more than " + limit + " entries in " + name;
                }
            }
        }
        return null;
    }

    /** Counts the direct children of the structure the parser stands on, skipping their contents. */
    private static int countChildren(JsonParser p) throws IOException {
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
            if (t == JsonToken.FIELD_NAME) {
                t = p.nextToken();
            }
            if (t.isStructStart()) {
                p.skipChildren();
            }
            count++;
        }
        return count;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static Result fail(String message) {
        return new Result(0, message);
    }
}
