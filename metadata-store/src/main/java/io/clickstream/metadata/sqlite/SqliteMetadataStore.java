package io.clickstream.metadata.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.metadata.Attributes;
import io.clickstream.metadata.Item;
import io.clickstream.metadata.ItemConflictException;
import io.clickstream.metadata.ItemKey;
import io.clickstream.metadata.ItemPage;
import io.clickstream.metadata.ItemWrite;
import io.clickstream.metadata.ItemWriteResult;
import io.clickstream.metadata.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded metadata store: one SQLite database file (WAL journal, {@code synchronous=FULL}), one table of items
 * with the attributes as JSON text. Every call is one autocommit statement, so a change is on disk when the call
 * returns and a crashed JVM loses nothing it acknowledged. Other processes (a standalone collector following the
 * app registry) may read the same file at the same time.
 *
 * <p>Calls are serialised on one connection: metadata changes are rare and small, and one connection keeps
 * SQLite's locking simple.
 */
public final class SqliteMetadataStore implements MetadataStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteMetadataStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the store in {@code file}. */
    public static SqliteMetadataStore open(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit is fsync'd before it returns, so even a power loss keeps acknowledged changes.
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("CREATE TABLE IF NOT EXISTS items (pk TEXT NOT NULL, sk TEXT NOT NULL, "
                        + "version INTEGER NOT NULL, attributes TEXT NOT NULL, PRIMARY KEY (pk, sk)) WITHOUT ROWID");
            }
            return new SqliteMetadataStore(absolute, connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the metadata store " + absolute + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the metadata store " + absolute, e);
        }
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        return locked(() -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, attributes FROM items WHERE pk = ? AND sk = ?")) {
                select.setString(1, key.pk());
                select.setString(2, key.sk());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(item(key, row.getLong(1), row.getString(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public ItemPage query(String pk, String skPrefix, String startAfter, int limit) {
        String prefix = skPrefix == null ? "" : skPrefix;
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        return locked(() -> {
            // Text compares by its UTF-8 bytes (BINARY collation), the order DynamoDB gives sort keys.
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sk, version, attributes FROM items WHERE pk = ? AND sk >= ? AND substr(sk, 1, ?) = ? "
                            + "AND (? IS NULL OR sk > ?) ORDER BY sk LIMIT ?")) {
                select.setString(1, pk);
                select.setString(2, prefix);
                select.setInt(3, prefix.length());
                select.setString(4, prefix);
                select.setString(5, startAfter);
                select.setString(6, startAfter);
                select.setInt(7, pageSize + 1);
                List<Item> items = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        items.add(item(ItemKey.of(pk, row.getString(1)), row.getLong(2), row.getString(3)));
                    }
                }
                if (items.size() > pageSize) {
                    items.remove(pageSize);
                    return new ItemPage(items, items.get(pageSize - 1).key().sk());
                }
                return new ItemPage(items, null);
            }
        });
    }

    @Override
    public Item create(ItemKey key, Map<String, ?> attributes) {
        Map<String, Object> normalized = Attributes.normalize(attributes);
        String json = json(normalized);
        return locked(() -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO items (pk, sk, version, attributes) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, key.pk());
                insert.setString(2, key.sk());
                insert.setString(3, json);
                if (insert.executeUpdate() == 0) {
                    throw new ItemConflictException(key, 0, currentVersion(key));
                }
            }
            return new Item(key, normalized, 1);
        });
    }

    @Override
    public Item update(ItemKey key, long expectedVersion, Map<String, ?> attributes) {
        Map<String, Object> normalized = Attributes.normalize(attributes);
        String json = json(normalized);
        return locked(() -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE items SET version = version + 1, attributes = ? WHERE pk = ? AND sk = ? AND version = ?")) {
                update.setString(1, json);
                update.setString(2, key.pk());
                update.setString(3, key.sk());
                update.setLong(4, expectedVersion);
                if (update.executeUpdate() == 0) {
                    throw new ItemConflictException(key, expectedVersion, currentVersion(key));
                }
            }
            return new Item(key, normalized, expectedVersion + 1);
        });
    }

    /**
     * One transaction for the whole list, so a scan that writes thousands of items syncs the file once instead of
     * once per item (about 4 ms each here). A write that conflicts is skipped and reported; the others commit
     * together, or, if the JVM dies first, none of them.
     */
    @Override
    public List<ItemWriteResult> writeAll(List<ItemWrite> writes) {
        List<String> json = writes.stream().map(w -> json(w.attributes())).toList();
        return locked(() -> {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO items (pk, sk, version, attributes) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE items SET version = version + 1, attributes = ? WHERE pk = ? AND sk = ? AND version = ?")) {
                List<ItemWriteResult> results = new ArrayList<>(writes.size());
                for (int i = 0; i < writes.size(); i++) {
                    ItemWrite write = writes.get(i);
                    ItemKey key = write.key();
                    int changed;
                    if (write.expectedVersion() == 0) {
                        insert.setString(1, key.pk());
                        insert.setString(2, key.sk());
                        insert.setString(3, json.get(i));
                        changed = insert.executeUpdate();
                    } else {
                        update.setString(1, json.get(i));
                        update.setString(2, key.pk());
                        update.setString(3, key.sk());
                        update.setLong(4, write.expectedVersion());
                        changed = update.executeUpdate();
                    }
                    results.add(changed == 0
                            ? new ItemWriteResult(null,
                                    new ItemConflictException(key, write.expectedVersion(), currentVersion(key)))
                            : new ItemWriteResult(new Item(key, write.attributes(), write.expectedVersion() + 1), null));
                }
                connection.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        locked(() -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM items WHERE pk = ? AND sk = ? AND version = ?")) {
                delete.setString(1, key.pk());
                delete.setString(2, key.sk());
                delete.setLong(3, expectedVersion);
                if (delete.executeUpdate() == 0) {
                    throw new ItemConflictException(key, expectedVersion, currentVersion(key));
                }
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return "SQLite file " + file;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the metadata store " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private long currentVersion(ItemKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM items WHERE pk = ? AND sk = ?")) {
            select.setString(1, key.pk());
            select.setString(2, key.sk());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private static Item item(ItemKey key, long version, String json) {
        try {
            return new Item(key, JSON.readValue(json, ATTRIBUTES), version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("item " + key + " holds attributes that are not JSON", e);
        }
    }

    private static String json(Map<String, Object> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T locked(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("metadata store " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
