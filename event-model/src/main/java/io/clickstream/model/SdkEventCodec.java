package io.clickstream.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the {@code data} of a raw envelope (an array of events or a single event object) into events, applying
 * the per-event validation rules: {@code event_type}, {@code event_id} and {@code app_id} are non-empty strings,
 * {@code timestamp} is a positive integer of epoch millis, known fields have their types, and the item, user and
 * attribute counts stay within {@link IngestionLimits}. A bad event is returned with its reason and raw text; the
 * rest of the batch goes on.
 */
public final class SdkEventCodec {

    private SdkEventCodec() {
    }

    /** Decodes every event of a batch. A batch that is not JSON at all becomes one invalid entry. */
    public static List<ParsedEvent> decodeBatch(String data) {
        List<ParsedEvent> out = new ArrayList<>();
        try (JsonParser p = RawEnvelopeCodec.JSON.createParser(data)) {
            decodeValue(p, p.nextToken(), SourceText.of(data), out);
        } catch (IOException e) {
            out.add(ParsedEvent.invalid("batch is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), data));
        }
        return out;
    }

    /**
     * Decodes the events of the value the parser stands on ({@code first} is its first token) into {@code out} and
     * leaves the parser on the value's last token. {@code text} is the parser's input, from which the raw text of
     * bad events is cut.
     */
    static void decodeValue(JsonParser p, JsonToken first, SourceText text, List<ParsedEvent> out) throws IOException {
        if (first == JsonToken.START_OBJECT) {
            out.add(decodeOne(p, text));
        } else if (first == JsonToken.START_ARRAY) {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("unexpected end of input inside the event array");
                }
                if (t == JsonToken.START_OBJECT) {
                    out.add(decodeOne(p, text));
                } else {
                    long start = text.offset(p.currentTokenLocation());
                    p.skipChildren();
                    p.finishToken(); // a string is read lazily: its end is known only once it is
                    long end = text.offset(p.currentLocation());
                    out.add(ParsedEvent.invalid("event is not a JSON object", text.slice(start, end)));
                }
            }
        } else {
            long start = text.offset(p.currentTokenLocation());
            if (first != null) {
                p.finishToken();
            }
            long end = first == null ? start : text.offset(p.currentLocation());
            out.add(ParsedEvent.invalid("batch is neither an event array nor an event object",
                    text.slice(start, end)));
        }
    }

    /** Reads one event object; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
    private static ParsedEvent decodeOne(JsonParser p, SourceText data) throws IOException {
        long start = data.offset(p.currentTokenLocation());
        EventFields f = new EventFields();
        String problem = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            String fieldProblem = f.read(name, value, p);
            if (problem == null) {
                problem = fieldProblem;
            }
        }
        long end = data.offset(p.currentLocation());
        if (problem == null) {
            problem = f.missingRequired();
        }
        if (problem != null) {
            return ParsedEvent.invalid(problem, data.slice(start, end));
        }
        return ParsedEvent.valid(f.toEvent());
    }

    /** Mutable accumulator for the fields of one event while it streams by. */
    private static final class EventFields {
        String eventType, eventId, appId, uniqueId, deviceId, platform, osName, osVersion, make, brand, model;
        String carrier, networkType, locale, systemLanguage, countryCode, sdkName, sdkVersion, appVersion;
        String appPackageName, appTitle, hostName;
        Long timestamp, screenHeight, screenWidth, viewportHeight, viewportWidth, zoneOffset;
        Map<String, SdkEvent.UserAttribute> user = Collections.emptyMap();
        Map<String, Object> attributes = Collections.emptyMap();
        List<SdkEvent.Item> items = Collections.emptyList();

        String read(String name, JsonToken value, JsonParser p) throws IOException {
            switch (name) {
                case "event_type": return text(value, p, name, v -> eventType = v);
                case "event_id": return text(value, p, name, v -> eventId = v);
                case "app_id": return text(value, p, name, v -> appId = v);
                case "unique_id": return text(value, p, name, v -> uniqueId = v);
                case "device_id": return text(value, p, name, v -> deviceId = v);
                case "platform": return text(value, p, name, v -> platform = v);
                case "os_name": return text(value, p, name, v -> osName = v);
                case "os_version": return text(value, p, name, v -> osVersion = v);
                case "make": return text(value, p, name, v -> make = v);
                case "brand": return text(value, p, name, v -> brand = v);
                case "model": return text(value, p, name, v -> model = v);
                case "carrier": return text(value, p, name, v -> carrier = v);
                case "network_type": return text(value, p, name, v -> networkType = v);
                case "locale": return text(value, p, name, v -> locale = v);
                case "system_language": return text(value, p, name, v -> systemLanguage = v);
                case "country_code": return text(value, p, name, v -> countryCode = v);
                case "sdk_name": return text(value, p, name, v -> sdkName = v);
                case "sdk_version": return text(value, p, name, v -> sdkVersion = v);
                case "app_version": return text(value, p, name, v -> appVersion = v);
                case "app_package_name": return text(value, p, name, v -> appPackageName = v);
                case "app_title": return text(value, p, name, v -> appTitle = v);
                case "host_name": return text(value, p, name, v -> hostName = v);
                case "timestamp": return integer(value, p, name, v -> timestamp = v);
                case "screen_height": return integer(value, p, name, v -> screenHeight = v);
                case "screen_width": return integer(value, p, name, v -> screenWidth = v);
                case "viewport_height": return integer(value, p, name, v -> viewportHeight = v);
                case "viewport_width": return integer(value, p, name, v -> viewportWidth = v);
                case "zone_offset": return integer(value, p, name, v -> zoneOffset = v);
                case "user": return readUser(value, p);
                case "attributes": return readAttributes(value, p);
                case "items": return readItems(value, p);
                default:
                    p.skipChildren();
                    return null;
            }
        }

        String missingRequired() {
            if (isBlank(eventType)) return "missing event_type";
            if (isBlank(eventId)) return "missing event_id";
            if (timestamp == null) return "missing timestamp";
            if (timestamp <= 0) return "timestamp must be positive epoch milliseconds";
            if (isBlank(appId)) return "missing app_id";
            return null;
        }

        SdkEvent toEvent() {
            return new SdkEvent(eventType, eventId, timestamp, appId, uniqueId, deviceId, platform, osName, osVersion,
                    make, brand, model, carrier, networkType, screenHeight, screenWidth, viewportHeight, viewportWidth,
                    zoneOffset, locale, systemLanguage, countryCode, sdkName, sdkVersion, appVersion, appPackageName,
                    appTitle, hostName, user, attributes, items);
        }

        private String readUser(JsonToken value, JsonParser p) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return "user must be an object";
            }
            Map<String, SdkEvent.UserAttribute> out = new LinkedHashMap<>();
            String problem = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    Object attrValue = null;
                    Long setTimestamp = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("value")) {
                            attrValue = scalar(v, p);
                        } else if (field.equals("set_timestamp") && v == JsonToken.VALUE_NUMBER_INT) {
                            setTimestamp = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    out.put(key, new SdkEvent.UserAttribute(attrValue, setTimestamp));
                } else {
                    // Plain HTTP clients may send {"name": value}; accept it as a value without a set time.
                    out.put(key, new SdkEvent.UserAttribute(scalar(t, p), null));
                }
            }
            if (out.size() > IngestionLimits.MAX_USER_ATTRIBUTES_PER_EVENT) {
                problem = "more than " + IngestionLimits.MAX_USER_ATTRIBUTES_PER_EVENT + " user attributes";
            }
            user = out;
            return problem;
        }

        private String readAttributes(JsonToken value, JsonParser p) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return "attributes must be an object";
            }
            Map<String, Object> out = readObject(p);
            attributes = out;
            return out.size() > IngestionLimits.MAX_ATTRIBUTES_PER_EVENT
                    ? "more than " + IngestionLimits.MAX_ATTRIBUTES_PER_EVENT + " attributes" : null;
        }

        private String readItems(JsonToken value, JsonParser p) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return "items must be an array";
            }
            List<SdkEvent.Item> out = new ArrayList<>();
            String problem = null;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    problem = problem == null ? "each item must be an object" : problem;
                    continue;
                }
                Map<String, Object> fields = readObject(p);
                out.add(toItem(fields));
            }
            if (out.size() > IngestionLimits.MAX_ITEMS_PER_EVENT) {
                problem = "more than " + IngestionLimits.MAX_ITEMS_PER_EVENT + " items";
            }
            items = out;
            return problem;
        }
    }

    private static SdkEvent.Item toItem(Map<String, Object> f) {
        Map<String, Object> custom = new LinkedHashMap<>(f);
        String id = str(custom.remove("id"));
        String name = str(custom.remove("name"));
        String category = str(custom.remove("category"));
        String category2 = str(custom.remove("category2"));
        String category3 = str(custom.remove("category3"));
        String category4 = str(custom.remove("category4"));
        String category5 = str(custom.remove("category5"));
        String brand = str(custom.remove("brand"));
        Double price = dbl(custom.remove("price"));
        Object q = custom.remove("quantity");
        Long quantity = q instanceof Long l ? l : q instanceof Double d ? Long.valueOf(d.longValue()) : parseLong(q);
        String currency = str(custom.remove("currency"));
        String locationId = str(custom.remove("location_id"));
        String creativeName = str(custom.remove("creative_name"));
        String creativeSlot = str(custom.remove("creative_slot"));
        return new SdkEvent.Item(id, name, category, category2, category3, category4, category5, brand, price,
                quantity, currency, locationId, creativeName, creativeSlot, custom);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Double dbl(Object o) {
        if (o instanceof Long l) {
            return l.doubleValue();
        }
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long parseLong(Object o) {
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Reads the fields of an object whose START_OBJECT was just consumed; nested values become JSON text. */
    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            Object v = scalar(t, p);
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    private static Object scalar(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) p.getText() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> RawEnvelopeCodec.copyStructure(p);
            default -> null;
        };
    }

    private interface Setter<T> {
        void set(T value);
    }

    private static String text(JsonToken value, JsonParser p, String name, Setter<String> setter) throws IOException {
        switch (value) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                setter.set(p.getText());
                return null;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                // SDKs differ on quoting scalars; a number where text is expected is still the same value.
                setter.set(p.getText());
                return null;
            default:
                p.skipChildren();
                return name + " must be a string";
        }
    }

    private static String integer(JsonToken value, JsonParser p, String name, Setter<Long> setter) throws IOException {
        switch (value) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return name + " is out of range";
                }
                setter.set(p.getLongValue());
                return null;
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue();
                if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                    setter.set((long) d);
                    return null;
                }
                return name + " must be an integer";
            case VALUE_STRING:
                try {
                    setter.set(Long.parseLong(p.getText().trim()));
                    return null;
                } catch (NumberFormatException e) {
                    return name + " must be an integer";
                }
            default:
                p.skipChildren();
                return name + " must be an integer";
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
