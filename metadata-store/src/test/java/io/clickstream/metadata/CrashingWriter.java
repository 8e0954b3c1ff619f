package io.clickstream.metadata;

import io.clickstream.metadata.dynamodb.DynamoDbMetadataStore;
import io.clickstream.metadata.dynamodb.DynamoDbSettings;
import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link StoreCrashSafetyTest}: creates items and updates each twice, as fast as the store takes
 * them, and prints one line per change the store acknowledged ({@code ack <sk> <version>}) only after the call
 * returned, until it is killed. Arguments: {@code sqlite FILE} or {@code dynamodb ENDPOINT TABLE} (credentials from
 * the default chain).
 */
public final class CrashingWriter {

    static final String PARTITION = "CRASH";
    static final int VERSIONS = 3;

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        MetadataStore store = args[0].equals("sqlite")
                ? SqliteMetadataStore.open(Path.of(args[1]))
                : DynamoDbMetadataStore.connect(new DynamoDbSettings(args[2], "us-east-1", URI.create(args[1])));
        System.out.println("writing to " + store.describe());
        System.out.flush();
        for (int i = 0; ; i++) {
            String sk = String.format("item-%06d", i);
            ItemKey key = ItemKey.of(PARTITION, sk);
            store.create(key, Map.of("value", value(sk, 1)));
            acknowledged(sk, 1);
            for (long version = 1; version < VERSIONS; version++) {
                store.update(key, version, Map.of("value", value(sk, version + 1)));
                acknowledged(sk, version + 1);
            }
        }
    }

    /** What the item holds at {@code version}: the checker knows each version's content from its number. */
    static String value(String sk, long version) {
        return sk + " at version " + version;
    }

    private static void acknowledged(String sk, long version) {
        System.out.println("ack " + sk + " " + version);
        System.out.flush();
    }
}
