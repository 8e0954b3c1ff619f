package io.clickstream.metadata.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.MetadataStore;
import io.clickstream.metadata.MetadataStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded SQLite adapter, plus what only a file gives: reopening it. */
class SqliteMetadataStoreTest extends MetadataStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetadataStore openEmptyStore() {
        return SqliteMetadataStore.open(dir.resolve("sub").resolve("metadata.db"));
    }

    @Test
    void a_reopened_file_holds_every_committed_change() {
        store.create(ItemKey.of("APP", "shop"), Map.of("name", "Shop"));
        store.update(ItemKey.of("APP", "shop"), 1, Map.of("name", "Shop 2"));
        store.close();

        store = SqliteMetadataStore.open(dir.resolve("sub").resolve("metadata.db"));

        assertThat(store.get(ItemKey.of("APP", "shop")).orElseThrow().attributes()).containsEntry("name", "Shop 2");
        assertThat(Files.exists(dir.resolve("sub").resolve("metadata.db"))).isTrue();
    }
}
