package io.clickstream.metadata.dynamodb;

import io.clickstream.metadata.Attributes;
import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.ItemPage;
import io.clickstream.metadata.MetadataStore;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The metadata store in one DynamoDB table (the one infra-cdk creates): key attributes {@code pk} (S, partition) and
 * {@code sk} (S, sort), the item's {@code version} (N), and every other attribute stored natively (S, N, BOOL, NULL,
 * L, M) so that the console and other tools read the items as they are. Creates, updates and deletes are single
 * conditional writes ({@code attribute_not_exists(pk)}, {@code version = :read}); reads are strongly consistent, so a
 * change is visible to the next read of any studio instance.
 *
 * <p>Three things the plain layout cannot say are kept in reserved attributes, named so no attribute of a record can
 * take them: an attribute of a record called {@code pk}, {@code sk}, {@code version} or starting with {@code ~} is
 * stored with one more {@code ~} in front; {@code ~doublePaths} lists where whole-valued doubles sit (DynamoDB trims
 * {@code 2.0} to {@code 2}, which would come back as a {@code Long}), and is absent from most items;
 * {@code ~writeId} identifies the write that made the item, so a write that the SDK retried after its first attempt
 * had in fact committed is recognised as this call's own and not reported as a conflict.
 */
public final class DynamoDbMetadataStore implements MetadataStore {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String VERSION = "version";
    static final String DOUBLE_PATHS = "~doublePaths";
    static final String WRITE_ID = "~writeId";
    private static final Set<String> KEY_NAMES = Set.of(PK, SK, VERSION);
    private static final String ESCAPE = "~";

    private final DynamoDbClient client;
    private final String table;
    private final String description;

    private DynamoDbMetadataStore(DynamoDbClient client, String table, String description) {
        this.client = client;
        this.table = table;
        this.description = description;
    }

    /**
     * Connects to the table with credentials from the AWS SDK's default chain and checks that it exists with the
     * expected key; fails with a message saying what is wrong otherwise.
     */
    public static DynamoDbMetadataStore connect(DynamoDbSettings settings) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        DynamoDbClient client;
        try {
            client = builder.build();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot open the DynamoDB table '" + settings.table() + "': "
                    + e.getMessage() + " (name a region, or set AWS_REGION)", e);
        }
        String where = "DynamoDB table '" + settings.table() + "' in " + client.serviceClientConfiguration().region();
        if (settings.endpoint() != null) {
            where += " at " + withoutUserInfo(settings.endpoint());
        }
        return open(client, settings.table(), where);
    }

    /** Uses {@code client} (closed with the store) for the table, after checking its key schema. */
    public static DynamoDbMetadataStore open(DynamoDbClient client, String table) {
        return open(client, table, "DynamoDB table '" + table + "'");
    }

    private static DynamoDbMetadataStore open(DynamoDbClient client, String table, String description) {
        try {
            TableDescription found = client.describeTable(r -> r.tableName(table)).table();
            Map<KeyType, String> key = new LinkedHashMap<>();
            for (KeySchemaElement element : found.keySchema()) {
                key.put(element.keyType(), element.attributeName());
            }
            if (!PK.equals(key.get(KeyType.HASH)) || !SK.equals(key.get(KeyType.RANGE))) {
                throw new IllegalStateException("the " + description + " has the key " + key
                        + "; the metadata store needs partition key 'pk' (S) and sort key 'sk' (S)");
            }
            return new DynamoDbMetadataStore(client, table, description);
        } catch (ResourceNotFoundException e) {
            client.close();
            throw new IllegalStateException("the " + description + " does not exist; create it with partition key "
                    + "'pk' (S) and sort key 'sk' (S) (infra-cdk's studio stack does)", e);
        } catch (SdkException e) {
            client.close();
            throw new IllegalStateException("cannot reach the " + description + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return read(key).map(stored -> item(key, stored));
    }

    @Override
    public ItemPage query(String pk, String skPrefix, String startAfter, int limit) {
        String prefix = skPrefix == null ? "" : skPrefix;
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        Map<String, AttributeValue> start = null;
        if (startAfter != null) {
            if (startAfter.startsWith(prefix)) {
                start = key(ItemKey.of(pk, startAfter));
            } else if (compareUtf8(startAfter, prefix) > 0) {
                // After every key with the prefix; DynamoDB refuses a start key outside the key condition.
                return new ItemPage(List.of(), null);
            }
        }
        Map<String, String> names = Map.of("#pk", PK, "#sk", SK);
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":pk", AttributeValue.fromS(pk));
        String condition = "#pk = :pk";
        if (!prefix.isEmpty()) {
            values.put(":prefix", AttributeValue.fromS(prefix));
            condition += " AND begins_with(#sk, :prefix)";
        } else {
            names = Map.of("#pk", PK);
        }
        // One item more than the page tells whether another page follows, as the embedded store does.
        List<Item> items = new ArrayList<>();
        try {
            do {
                QueryRequest request = QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .consistentRead(true)
                        .exclusiveStartKey(start)
                        .limit(pageSize + 1 - items.size())
                        .build();
                QueryResponse response = client.query(request);
                for (Map<String, AttributeValue> stored : response.items()) {
                    items.add(item(ItemKey.of(pk, stored.get(SK).s()), stored));
                }
                // A response is also cut at 1 MB: keep reading until the page is full or the partition ends.
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null && items.size() <= pageSize);
        } catch (SdkException e) {
            throw failure("query " + pk, e);
        }
        if (items.size() > pageSize) {
            items.subList(pageSize, items.size()).clear();
            return new ItemPage(items, items.get(pageSize - 1).key().sk());
        }
        return new ItemPage(items, null);
    }

    @Override
    public Item create(ItemKey key, Map<String, ?> attributes) {
        Map<String, Object> normalized = Attributes.normalize(attributes);
        String writeId = UUID.randomUUID().toString();
        try {
            client.putItem(r -> r.tableName(table)
                    .item(stored(key, normalized, 1, writeId))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK)));
        } catch (ConditionalCheckFailedException e) {
            Optional<Map<String, AttributeValue>> current = read(key);
            if (!current.map(stored -> writeId.equals(text(stored.get(WRITE_ID)))).orElse(false)) {
                throw new ItemConflictException(key, 0, current.map(DynamoDbMetadataStore::version).orElse(0L));
            }
        } catch (SdkException e) {
            throw failure("create " + key, e);
        }
        return new Item(key, normalized, 1);
    }

    @Override
    public Item update(ItemKey key, long expectedVersion, Map<String, ?> attributes) {
        Map<String, Object> normalized = Attributes.normalize(attributes);
        String writeId = UUID.randomUUID().toString();
        try {
            client.putItem(r -> r.tableName(table)
                    .item(stored(key, normalized, expectedVersion + 1, writeId))
                    .conditionExpression("#v = :read")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(expectedVersion)))));
        } catch (ConditionalCheckFailedException e) {
            Optional<Map<String, AttributeValue>> current = read(key);
            if (!current.map(stored -> writeId.equals(text(stored.get(WRITE_ID)))).orElse(false)) {
                throw new ItemConflictException(key, expectedVersion,
                        current.map(DynamoDbMetadataStore::version).orElse(0L));
            }
        } catch (SdkException e) {
            throw failure("update " + key, e);
        }
        return new Item(key, normalized, expectedVersion + 1);
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        try {
            client.deleteItem(r -> r.tableName(table)
                    .key(key(key))
                    .conditionExpression("#v = :read")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(expectedVersion)))));
        } catch (ConditionalCheckFailedException e) {
            throw new ItemConflictException(key, expectedVersion,
                    read(key).map(DynamoDbMetadataStore::version).orElse(0L));
        } catch (SdkException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close();
    }

    private Optional<Map<String, AttributeValue>> read(ItemKey key) {
        try {
            Map<String, AttributeValue> stored = client.getItem(r -> r.tableName(table).key(key(key))
                    .consistentRead(true)).item();
            return stored == null || stored.isEmpty() ? Optional.empty() : Optional.of(stored);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    private IllegalStateException failure(String what, SdkException e) {
        return new IllegalStateException("metadata store (" + description + "): cannot " + what + ": "
                + e.getMessage(), e);
    }

    private static Map<String, AttributeValue> key(ItemKey key) {
        return Map.of(PK, AttributeValue.fromS(key.pk()), SK, AttributeValue.fromS(key.sk()));
    }

    // ---- attributes to DynamoDB's native types and back

    private static Map<String, AttributeValue> stored(ItemKey key, Map<String, Object> attributes, long version,
                                                      String writeId) {
        Map<String, AttributeValue> stored = new LinkedHashMap<>(key(key));
        stored.put(VERSION, AttributeValue.fromN(Long.toString(version)));
        List<AttributeValue> doublePaths = new ArrayList<>();
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            List<AttributeValue> path = new ArrayList<>(List.of(AttributeValue.fromS(attribute.getKey())));
            stored.put(storedName(attribute.getKey()), value(attribute.getValue(), path, doublePaths));
        }
        if (!doublePaths.isEmpty()) {
            stored.put(DOUBLE_PATHS, AttributeValue.fromL(doublePaths));
        }
        stored.put(WRITE_ID, AttributeValue.fromS(writeId));
        return stored;
    }

    /** {@code path} leads to {@code value} (attribute name, then map keys (S) and list indexes (N)). */
    private static AttributeValue value(Object value, List<AttributeValue> path, List<AttributeValue> doublePaths) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof String text) {
            return AttributeValue.fromS(text);
        }
        if (value instanceof Boolean flag) {
            return AttributeValue.fromBool(flag);
        }
        if (value instanceof Long whole) {
            return AttributeValue.fromN(whole.toString());
        }
        if (value instanceof Double number) {
            if (number == Math.rint(number)) {
                doublePaths.add(AttributeValue.fromL(List.copyOf(path)));
            }
            return AttributeValue.fromN(new BigDecimal(number.toString()).stripTrailingZeros().toString());
        }
        if (value instanceof List<?> list) {
            List<AttributeValue> elements = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                path.add(AttributeValue.fromN(Integer.toString(i)));
                elements.add(value(list.get(i), path, doublePaths));
                path.remove(path.size() - 1);
            }
            return AttributeValue.fromL(elements);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, AttributeValue> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                path.add(AttributeValue.fromS((String) entry.getKey()));
                entries.put((String) entry.getKey(), value(entry.getValue(), path, doublePaths));
                path.remove(path.size() - 1);
            }
            return AttributeValue.fromM(entries);
        }
        // Attributes.normalize lets nothing else through.
        throw new IllegalArgumentException("unsupported attribute value " + value.getClass().getName());
    }

    private static Item item(ItemKey key, Map<String, AttributeValue> stored) {
        Set<List<String>> doubles = new HashSet<>();
        AttributeValue marked = stored.get(DOUBLE_PATHS);
        if (marked != null && marked.hasL()) {
            for (AttributeValue path : marked.l()) {
                doubles.add(path.l().stream().map(p -> p.s() != null ? "s" + p.s() : "n" + p.n()).toList());
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> attribute : stored.entrySet()) {
            String name = attribute.getKey();
            if (KEY_NAMES.contains(name) || name.equals(DOUBLE_PATHS) || name.equals(WRITE_ID)) {
                continue;
            }
            String recordName = recordName(name);
            List<String> path = new ArrayList<>(List.of("s" + recordName));
            attributes.put(recordName, value(key, attribute.getValue(), path, doubles));
        }
        return new Item(key, attributes, version(stored));
    }

    private static Object value(ItemKey key, AttributeValue value, List<String> path, Set<List<String>> doubles) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> number(value.n(), doubles.contains(path));
            case BOOL -> value.bool();
            case NUL -> null;
            case L -> {
                List<Object> list = new ArrayList<>(value.l().size());
                for (int i = 0; i < value.l().size(); i++) {
                    path.add("n" + i);
                    list.add(value(key, value.l().get(i), path, doubles));
                    path.remove(path.size() - 1);
                }
                yield list;
            }
            case M -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                    path.add("s" + entry.getKey());
                    map.put(entry.getKey(), value(key, entry.getValue(), path, doubles));
                    path.remove(path.size() - 1);
                }
                yield map;
            }
            // Sets, written by other tools, read as lists.
            case SS -> List.copyOf(value.ss());
            case NS -> value.ns().stream().map(n -> number(n, false)).toList();
            default -> throw new IllegalStateException("item " + key + " holds a " + value.type()
                    + " attribute, which the metadata store does not read (" + String.join(".", path) + ")");
        };
    }

    /** Whole numbers as {@code Long}, others (and whole-valued doubles marked as such) as {@code Double}. */
    private static Object number(String text, boolean isDouble) {
        if (!isDouble && text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                return Double.parseDouble(text);
            }
        }
        return Double.parseDouble(text);
    }

    private static long version(Map<String, AttributeValue> stored) {
        AttributeValue version = stored.get(VERSION);
        return version == null || version.n() == null ? 1 : Long.parseLong(version.n());
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static String storedName(String recordName) {
        return KEY_NAMES.contains(recordName) || recordName.startsWith(ESCAPE) ? ESCAPE + recordName : recordName;
    }

    private static String recordName(String storedName) {
        return storedName.startsWith(ESCAPE) ? storedName.substring(ESCAPE.length()) : storedName;
    }

    /** Sort keys are ordered by their UTF-8 bytes, as DynamoDB orders them. */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String withoutUserInfo(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }
}
