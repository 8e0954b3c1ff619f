package io.clickstream.studio.metadata;

import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How an app's metadata is laid out in the store: everything in partition {@code META#<appId>}; one item per event
 * ({@code EVENT#<name>}), event parameter ({@code PARAM#<event>#<name>}) and user attribute ({@code UATTR#<name>}),
 * holding both what the scan found and what analysts wrote; the scan's bookkeeping per lake partition
 * ({@code PART#<table>#<date>}) and its watermark ({@code WATERMARK}). {@code #}, {@code %} and control characters
 * in names are percent-encoded, so that a prefix query for one event's parameters cannot match another event.
 */
final class MetadataItems {

    static final String EVENT_PREFIX = "EVENT#";
    static final String PARAMETER_PREFIX = "PARAM#";
    static final String USER_ATTRIBUTE_PREFIX = "UATTR#";
    static final String PARTITION_PREFIX = "PART#";
    static final String WATERMARK = "WATERMARK";

    // Attributes of event, parameter and user-attribute items.
    static final String NAME = "name";
    static final String EVENT = "event";
    static final String COUNT = "count";
    /** The count before the scan {@link #SCAN_SEQ} changed it: a retried scan starts again from here. */
    static final String COUNT_BASE = "countBase";
    static final String SCAN_SEQ = "scanSeq";
    static final String FIRST_SEEN = "firstSeen";
    static final String LAST_SEEN = "lastSeen";
    static final String USERS = "users";
    static final String USER_COUNT = "userCount";
    static final String PRESET = "preset";
    static final String TYPE = "type";
    static final String SAMPLES = "samples";
    static final String DISPLAY_NAME = "displayName";
    static final String DESCRIPTION = "description";
    static final String CATEGORY = "category";
    static final String EDIT_VERSION = "editVersion";
    static final String EDITED_BY = "editedBy";
    static final String EDITED_AT = "editedAt";

    /** Sort keys stay far below the store's 1,024 bytes: SDK names have at most 50 characters. */
    static final int MAX_NAME_BYTES = 255;

    private MetadataItems() {
    }

    static String partition(String appId) {
        return "META#" + appId;
    }

    static String eventKey(String name) {
        return EVENT_PREFIX + escape(name);
    }

    static String parameterKey(String eventName, String name) {
        return PARAMETER_PREFIX + escape(eventName) + "#" + escape(name);
    }

    static String parameterPrefix(String eventName) {
        return PARAMETER_PREFIX + escape(eventName) + "#";
    }

    static String userAttributeKey(String name) {
        return USER_ATTRIBUTE_PREFIX + escape(name);
    }

    static ItemKey key(String appId, String sk) {
        return ItemKey.of(partition(appId), sk);
    }

    /** Whether a name can be stored (not empty, not absurdly long). */
    static boolean storable(String name) {
        return name != null && !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    /** Percent-encodes {@code %}, {@code #} and control characters, which sort keys use as separators. */
    static String escape(String name) {
        StringBuilder escaped = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' || c == '#' || c < 0x20 || c == 0x7f) {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static EventMetadata event(Item item) {
        String name = item.string(NAME).orElseThrow();
        Optional<Presets.Preset> preset = Presets.event(name);
        return new EventMetadata(name, displayName(item, preset, name), description(item, preset),
                category(item, preset), preset.isPresent(), count(item), item.number(USER_COUNT).orElse(0L),
                instant(item, FIRST_SEEN), instant(item, LAST_SEEN), editVersion(item));
    }

    static ParameterMetadata parameter(Item item) {
        String name = item.string(NAME).orElseThrow();
        Optional<Presets.Preset> preset = Presets.parameter(name);
        return new ParameterMetadata(item.string(EVENT).orElseThrow(), name, displayName(item, preset, name),
                description(item, preset), category(item, preset), preset.isPresent() || item.flag(PRESET),
                ValueType.of(item.string(TYPE).orElse(null)), samples(item), count(item), instant(item, FIRST_SEEN),
                instant(item, LAST_SEEN), editVersion(item));
    }

    static UserAttributeMetadata userAttribute(Item item) {
        String name = item.string(NAME).orElseThrow();
        Optional<Presets.Preset> preset = Presets.userAttribute(name);
        return new UserAttributeMetadata(name, displayName(item, preset, name), description(item, preset),
                category(item, preset), preset.isPresent(), ValueType.of(item.string(TYPE).orElse(null)),
                samples(item), count(item), instant(item, FIRST_SEEN), instant(item, LAST_SEEN), editVersion(item));
    }

    static long editVersion(Item item) {
        return item.number(EDIT_VERSION).orElse(1L);
    }

    private static String displayName(Item item, Optional<Presets.Preset> preset, String name) {
        return own(item, DISPLAY_NAME).or(() -> preset.map(Presets.Preset::displayName)).orElse(name);
    }

    private static String description(Item item, Optional<Presets.Preset> preset) {
        return own(item, DESCRIPTION).or(() -> preset.map(Presets.Preset::description)).orElse("");
    }

    private static String category(Item item, Optional<Presets.Preset> preset) {
        return own(item, CATEGORY).or(() -> preset.map(Presets.Preset::category)).orElse("");
    }

    /** What an analyst wrote; blank means "not set" (back to the preset). */
    static Optional<String> own(Item item, String attribute) {
        return item.string(attribute).filter(s -> !s.isBlank());
    }

    private static long count(Item item) {
        return item.number(COUNT).orElse(0L);
    }

    private static Instant instant(Item item, String attribute) {
        return item.number(attribute).map(Instant::ofEpochMilli).orElse(null);
    }

    private static List<String> samples(Item item) {
        return item.list(SAMPLES).stream().map(String::valueOf).toList();
    }
}
