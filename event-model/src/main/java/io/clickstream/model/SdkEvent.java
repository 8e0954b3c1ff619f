package io.clickstream.model;

import java.util.List;
import java.util.Map;

/**
 * One event as a Clickstream SDK (web, Android, iOS) or a plain HTTP client sends it. Attribute and custom values
 * are {@link String}, {@link Long}, {@link Double} or {@link Boolean}; nested JSON values are kept as JSON text.
 * Numeric fields that the client left out are null.
 */
public record SdkEvent(
        String eventType,
        String eventId,
        long timestamp,
        String appId,
        String uniqueId,
        String deviceId,
        String platform,
        String osName,
        String osVersion,
        String make,
        String brand,
        String model,
        String carrier,
        String networkType,
        Long screenHeight,
        Long screenWidth,
        Long viewportHeight,
        Long viewportWidth,
        Long zoneOffset,
        String locale,
        String systemLanguage,
        String countryCode,
        String sdkName,
        String sdkVersion,
        String appVersion,
        String appPackageName,
        String appTitle,
        String hostName,
        Map<String, UserAttribute> user,
        Map<String, Object> attributes,
        List<Item> items) {

    /** Reserved user attribute that carries the logged-in user id. */
    public static final String USER_ID = "_user_id";

    /** A user attribute with the client time it was set. */
    public record UserAttribute(Object value, Long setTimestamp) {
    }

    /** An e-commerce item attached to an event; unknown keys go to {@code custom}. */
    public record Item(
            String id,
            String name,
            String category,
            String category2,
            String category3,
            String category4,
            String category5,
            String brand,
            Double price,
            Long quantity,
            String currency,
            String locationId,
            String creativeName,
            String creativeSlot,
            Map<String, Object> custom) {
    }

    /** The logged-in user id from the {@code _user_id} user attribute, or null. */
    public String userId() {
        UserAttribute attribute = user.get(USER_ID);
        return attribute == null || attribute.value() == null ? null : attribute.value().toString();
    }

    /** A string view of an attribute, or null when absent. */
    public String attributeText(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    /** A numeric attribute as a long, or null when absent or not a number. */
    public Long attributeLong(String name) {
        Object value = attributes.get(name);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A numeric attribute as a double, or null when absent or not a number. */
    public Double attributeDouble(String name) {
        Object value = attributes.get(name);
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
