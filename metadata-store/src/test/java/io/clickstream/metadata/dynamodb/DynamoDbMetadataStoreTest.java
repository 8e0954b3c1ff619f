package io.clickstream.metadata.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.MetadataStoreContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The contract on the DynamoDB adapter against dynalite (a DynamoDB-compatible server on Node, started here), one
 * new table per test; plus what only DynamoDB shows: how the items look to other tools.
 */
class DynamoDbMetadataStoreTest extends MetadataStoreContract {

    static Dynalite dynalite;
    String table;

    @BeforeAll
    static void startDynalite() {
        dynalite = Dynalite.start();
    }

    @AfterAll
    static void stopDynalite() {
        dynalite.close();
    }

    @Override
    protected MetadataStore openEmptyStore() {
        table = dynalite.createTable();
        return DynamoDbMetadataStore.open(dynalite.client(), table);
    }

    @Test
    void items_are_stored_in_dynamodb_types_that_other_tools_read_as_they_are() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", "Shop");
        attributes.put("enabled", true);
        attributes.put("count", 3L);
        attributes.put("ratio", 0.5);
        attributes.put("gone", null);
        attributes.put("origins", List.of("https://shop.example"));
        attributes.put("limits", Map.of("events", 500L));
        store.create(ItemKey.of("APP", "shop"), attributes);
        store.update(ItemKey.of("APP", "shop"), 1, attributes);

        Map<String, AttributeValue> raw;
        try (DynamoDbClient client = dynalite.client()) {
            raw = client.getItem(r -> r.tableName(table).key(Map.of(
                    "pk", AttributeValue.fromS("APP"), "sk", AttributeValue.fromS("shop")))).item();
        }

        assertThat(raw.get("pk").s()).isEqualTo("APP");
        assertThat(raw.get("sk").s()).isEqualTo("shop");
        assertThat(raw.get("version").n()).isEqualTo("2");
        assertThat(raw.get("name").s()).isEqualTo("Shop");
        assertThat(raw.get("enabled").bool()).isTrue();
        assertThat(raw.get("count").n()).isEqualTo("3");
        assertThat(raw.get("ratio").n()).isEqualTo("0.5");
        assertThat(raw.get("gone").nul()).isTrue();
        assertThat(raw.get("origins").l()).containsExactly(AttributeValue.fromS("https://shop.example"));
        assertThat(raw.get("limits").m()).containsEntry("events", AttributeValue.fromN("500"));
        assertThat(raw).doesNotContainKey("~doublePaths");
    }

    @Test
    void attributes_named_like_the_key_are_kept_apart_from_it() {
        store.create(ItemKey.of("P", "a"), Map.of("pk", "mine", "sk", "also mine", "version", "v7", "~x", 1L));
        store.update(ItemKey.of("P", "a"), 1, Map.of("pk", "mine", "version", "v8", "~x", 2L));

        var item = store.get(ItemKey.of("P", "a")).orElseThrow();

        assertThat(item.version()).isEqualTo(2);
        assertThat(item.attributes()).isEqualTo(Map.of("pk", "mine", "version", "v8", "~x", 2L));
        assertThat(store.query("P", "", null, 10).items()).singleElement()
                .satisfies(i -> assertThat(i.key()).isEqualTo(ItemKey.of("P", "a")));
    }

    @Test
    void a_start_key_outside_the_prefix_pages_as_the_embedded_store_does() {
        for (String sk : List.of("A#1", "B#1", "B#2", "C#1")) {
            store.create(ItemKey.of("P", sk), Map.of());
        }

        assertThat(store.query("P", "B#", "A#9", 10).items()).extracting(i -> i.key().sk())
                .containsExactly("B#1", "B#2");
        assertThat(store.query("P", "B#", "B#1", 10).items()).extracting(i -> i.key().sk()).containsExactly("B#2");
        assertThat(store.query("P", "B#", "C", 10).items()).isEmpty();
    }

    @Test
    void refuses_a_missing_table_or_one_keyed_otherwise_with_a_clear_message() {
        assertThatThrownBy(() -> DynamoDbMetadataStore.open(dynalite.client(), "no-such-table"))
                .hasMessageContaining("'no-such-table' does not exist")
                .hasMessageContaining("partition key 'pk'");
        try (DynamoDbClient client = dynalite.client()) {
            client.createTable(r -> r.tableName("keyed-by-id")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .billingMode("PAY_PER_REQUEST"));
        }
        assertThatThrownBy(() -> DynamoDbMetadataStore.open(dynalite.client(), "keyed-by-id"))
                .hasMessageContaining("needs partition key 'pk' (S) and sort key 'sk' (S)");
    }

    @Test
    void connects_through_the_default_credentials_chain_and_describes_itself_without_credentials() {
        // The build gives this JVM dummy keys as aws.accessKeyId / aws.secretAccessKey (the chain's first source).
        try (MetadataStore connected = DynamoDbMetadataStore.connect(
                new DynamoDbSettings(table, Dynalite.REGION, dynalite.endpoint()))) {
            connected.create(ItemKey.of("P", "via-settings"), Map.of());
            assertThat(connected.describe()).isEqualTo("DynamoDB table '" + table + "' in us-east-1 at "
                    + dynalite.endpoint());
            assertThat(connected.describe()).doesNotContain(Dynalite.ACCESS_KEY);
        }
        assertThat(store.get(ItemKey.of("P", "via-settings"))).isPresent();
        assertThatThrownBy(() -> new DynamoDbSettings("x", "eu-west-1", null)).hasMessageContaining("3-255");
        assertThat(new DynamoDbSettings("metadata", " ", null).region()).as("the SDK's default region").isNull();
    }
}
