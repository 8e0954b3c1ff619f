package io.clickstream.studio.metadata;

import io.clickstream.metadata.Item;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The three kinds of metadata (events, event parameters, user attributes): where their items live, how an item
 * becomes a record, which fields a list can be sorted by, and what a search looks at.
 */
public final class MetadataKind<T extends MetadataEntry> {

    public static final MetadataKind<EventMetadata> EVENTS = new MetadataKind<>("events",
            MetadataItems.EVENT_PREFIX, MetadataItems::event,
            e -> MetadataItems.eventKey(e.name()),
            Comparator.comparing(EventMetadata::name),
            sorts(Map.of("events", Comparator.comparingLong(EventMetadata::events),
                    "users", Comparator.comparingLong(EventMetadata::users))),
            e -> e.name());

    public static final MetadataKind<ParameterMetadata> PARAMETERS = new MetadataKind<>("parameters",
            MetadataItems.PARAMETER_PREFIX, MetadataItems::parameter,
            p -> MetadataItems.parameterKey(p.eventName(), p.name()),
            Comparator.comparing(ParameterMetadata::eventName).thenComparing(ParameterMetadata::name),
            sorts(Map.of("eventName", Comparator.comparing(ParameterMetadata::eventName),
                    "type", Comparator.comparing(ParameterMetadata::type),
                    "events", Comparator.comparingLong(ParameterMetadata::events))),
            p -> p.eventName() + "\n" + p.name());

    public static final MetadataKind<UserAttributeMetadata> USER_ATTRIBUTES = new MetadataKind<>("user attributes",
            MetadataItems.USER_ATTRIBUTE_PREFIX, MetadataItems::userAttribute,
            a -> MetadataItems.userAttributeKey(a.name()),
            Comparator.comparing(UserAttributeMetadata::name),
            sorts(Map.of("type", Comparator.comparing(UserAttributeMetadata::type),
                    "users", Comparator.comparingLong(UserAttributeMetadata::users))),
            a -> a.name());

    private final String label;
    private final String prefix;
    private final Function<Item, T> decoder;
    private final Function<T, String> sortKey;
    private final Comparator<T> identity;
    private final Map<String, Comparator<T>> sorts;
    private final Function<T, String> searchedNames;

    private MetadataKind(String label, String prefix, Function<Item, T> decoder, Function<T, String> sortKey,
                         Comparator<T> identity, Map<String, Comparator<T>> sorts, Function<T, String> searchedNames) {
        this.label = label;
        this.prefix = prefix;
        this.decoder = decoder;
        this.sortKey = sortKey;
        this.identity = identity;
        this.sorts = sorts;
        this.searchedNames = searchedNames;
    }

    /** Fields a list of this kind can be sorted by. */
    public Set<String> sortFields() {
        return sorts.keySet();
    }

    /** Plural, lower case: "events", "parameters", "user attributes". */
    public String label() {
        return label;
    }

    String prefix() {
        return prefix;
    }

    T decode(Item item) {
        return decoder.apply(item);
    }

    /** The store sort key of an entry. */
    String sortKey(T entry) {
        return sortKey.apply(entry);
    }

    Comparator<T> comparator(String field, boolean descending) {
        Comparator<T> comparator = sorts.get(field);
        if (comparator == null) {
            throw new IllegalArgumentException("cannot sort " + label + " by '" + field + "' (one of " + sorts.keySet()
                    + ")");
        }
        if (descending) {
            comparator = comparator.reversed();
        }
        // Ties go by name (and event), so that paging through equal values is stable.
        return comparator.thenComparing(identity);
    }

    /** What a search looks at, lower case: the names, the display name and the category. */
    String searchText(T entry) {
        return (searchedNames.apply(entry) + "\n" + entry.displayName() + "\n" + entry.category())
                .toLowerCase(Locale.ROOT);
    }

    private static <T extends MetadataEntry> Map<String, Comparator<T>> sorts(Map<String, Comparator<T>> specific) {
        Map<String, Comparator<T>> sorts = new LinkedHashMap<>();
        sorts.put("name", Comparator.comparing(MetadataEntry::name));
        sorts.put("displayName", Comparator.comparing((T e) -> e.displayName().toLowerCase(Locale.ROOT)));
        sorts.put("category", Comparator.comparing((T e) -> e.category().toLowerCase(Locale.ROOT)));
        sorts.put("firstSeen", Comparator.comparing(MetadataEntry::firstSeen, Comparator.nullsFirst(Instant::compareTo)));
        sorts.put("lastSeen", Comparator.comparing(MetadataEntry::lastSeen, Comparator.nullsFirst(Instant::compareTo)));
        sorts.putAll(specific);
        return Collections.unmodifiableMap(new TreeMap<>(sorts));
    }

    @Override
    public String toString() {
        return label;
    }
}
