package io.clickstream.studio.explore.exec;

import io.clickstream.model.LakeCommitLock;
import io.clickstream.studio.explore.sql.BoundQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.duckdb.DuckDBConnection;

/**
 * Embedded, in-memory DuckDB reading the local lake's Parquet, and, when given one, the explore mirror's database
 * file attached as {@value #MIRROR} (native copies of the modeled tables that the lake mirror keeps). A fixed pool of
 * connections duplicated from one root shares the database and its caches; a query waits for a free one. Each query
 * runs under the lake's commit read lock, so an ETL commit in this JVM never lands half-seen, and in a read-only
 * transaction (one snapshot of the mirror, which nothing sent here can write); it is interrupted on cancel or when its
 * timeout passes. Only queries (SELECT / WITH) are accepted, and the configuration is locked after setup, so nothing
 * sent here can write files or change the database's settings. Only the mirror's own connection writes.
 */
public final class DuckDbExecutor implements QueryExecutor, AutoCloseable {

    /** The catalog name of the attached mirror database. */
    public static final String MIRROR = "explore_mirror";

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbExecutor.class);

    private final DuckDBConnection root;
    private final boolean mirrorAttached;
    private final BlockingQueue<Connection> pool;
    private final Lock commitReadLock;
    private final ScheduledExecutorService timer;

    /**
     * @param lakeRoot    the lake whose commit lock queries hold
     * @param connections pooled connections (queries at once)
     * @param threads     DuckDB worker threads per query
     * @param memoryLimit DuckDB's memory limit (native memory, outside the Java heap), e.g. {@code 2GB}
     */
    public DuckDbExecutor(String lakeRoot, int connections, int threads, String memoryLimit) {
        this(lakeRoot, connections, threads, memoryLimit, null);
    }

    /**
     * @param mirrorFile the explore mirror's database file (created when missing, recreated when unreadable), or null
     *                   for none
     */
    public DuckDbExecutor(String lakeRoot, int connections, int threads, String memoryLimit, java.nio.file.Path mirrorFile) {
        this.commitReadLock = LakeCommitLock.of(lakeRoot).readLock();
        this.pool = new ArrayBlockingQueue<>(connections);
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = root.createStatement()) {
                // Parquet is built in; never try to fetch extensions from the network at query time.
                statement.execute("SET autoinstall_known_extensions = false");
                statement.execute("SET autoload_known_extensions = false");
                statement.execute("SET threads = " + Math.max(1, threads));
                if (!memoryLimit.matches("[0-9]+(\\.[0-9]+)?\\s*[KMGT]?i?B")) {
                    throw new IllegalArgumentException("not a memory size: " + memoryLimit);
                }
                statement.execute("SET memory_limit = '" + memoryLimit + "'");
                // Parquet metadata of unchanged files is reused between queries.
                statement.execute("SET parquet_metadata_cache = true");
                statement.execute("SET lock_configuration = true");
            }
            mirrorAttached = mirrorFile != null && attachMirror(mirrorFile);
            for (int i = 0; i < connections; i++) {
                pool.add(root.duplicate());
            }
        } catch (SQLException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "cannot start embedded DuckDB: " + e.getMessage(), e);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "duckdb-query-timeout");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Attaches the mirror's file; one that cannot be opened (damaged, another version's format) is only a cache: it is
     * deleted and created again. Without it queries read the Parquet.
     */
    private boolean attachMirror(java.nio.file.Path file) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Statement statement = root.createStatement()) {
                java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
                statement.execute("ATTACH '" + file.toAbsolutePath().toString().replace("'", "''") + "' AS " + MIRROR);
                return true;
            } catch (SQLException | java.io.IOException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("lock") || message.contains("already attached") || message.contains("In Use")) {
                    // another DuckDB (a second studio on this data directory) keeps it: that one's, not damaged
                    LOG.warn("explore mirror " + file + " is in use by another DuckDB ("
                            + firstLine(message) + "); reading the Parquet only");
                    return false;
                }
                LOG.warn("explore mirror " + file + " cannot be opened ("
                        + firstLine(message) + ")" + (attempt == 0 ? "; recreating it" : "; reading the Parquet only"));
                try {
                    java.nio.file.Files.deleteIfExists(file);
                    java.nio.file.Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
                } catch (java.io.IOException ignored) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Whether the mirror's database is attached (as {@value #MIRROR}). */
    public boolean hasMirror() {
        return mirrorAttached;
    }

    /**
     * A connection of its own for the lake mirror, the one writer of the {@value #MIRROR} database (it shares this
     * instance, as DuckDB opens a file in one instance only). Closed by its user.
     */
    public Connection mirrorConnection() throws SQLException {
        if (!mirrorAttached) {
            throw new IllegalStateException("no mirror attached");
        }
        return root.duplicate();
    }

    @Override
    public ResultTable execute(BoundQuery query, QueryControl control) {
        String head = query.sql().stripLeading().toUpperCase(Locale.ROOT);
        if (!head.startsWith("SELECT") && !head.startsWith("WITH")) {
            throw new IllegalArgumentException("only queries run here");
        }
        control.checkNotCancelled();
        Connection connection = borrow(control);
        try {
            commitReadLock.lock();
            try {
                return run(connection, query, control);
            } finally {
                commitReadLock.unlock();
            }
        } finally {
            pool.add(connection);
        }
    }

    private Connection borrow(QueryControl control) {
        try {
            Connection connection = pool.poll(control.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (connection == null) {
                throw new QueryFailure(QueryFailure.Reason.TIMEOUT,
                        "the query did not start within " + control.timeout().toSeconds() + " s: the engine is busy", null);
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure(QueryFailure.Reason.CANCELLED, "interrupted while waiting for the engine", e);
        }
    }

    private ResultTable run(Connection connection, BoundQuery query, QueryControl control) {
        try {
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN TRANSACTION READ ONLY");
            }
        } catch (SQLException e) {
            throw new QueryFailure(QueryFailure.Reason.FAILED, "the query failed: " + firstLine(e.getMessage()), e);
        }
        boolean done = false;
        try {
            ResultTable table = runInTransaction(connection, query, control);
            done = true;
            return table;
        } finally {
            end(connection, done ? "COMMIT" : "ROLLBACK");
        }
    }

    private static void end(Connection connection, String how) {
        try (Statement end = connection.createStatement()) {
            end.execute(how);
        } catch (SQLException e) {
            // A failed or cancelled statement may have ended the transaction already.
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // nothing open
            }
        }
    }

    private ResultTable runInTransaction(Connection connection, BoundQuery query, QueryControl control) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            List<Object> parameters = query.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            control.onCancel(() -> cancel(statement));
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                timedOut.set(true);
                cancel(statement);
            }, control.timeout().toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData meta = resultSet.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(ResultTable.normalize(resultSet.getObject(c)));
                    }
                    rows.add(row);
                }
                return new ResultTable(columns, rows);
            } finally {
                deadline.cancel(false);
                control.done();
            }
        } catch (SQLException e) {
            if (control.isCancelled()) {
                throw new QueryFailure(QueryFailure.Reason.CANCELLED, "the query was cancelled", e);
            }
            if (timedOut.get()) {
                throw new QueryFailure(QueryFailure.Reason.TIMEOUT,
                        "the query ran longer than " + control.timeout().toSeconds() + " s and was stopped", e);
            }
            throw new QueryFailure(QueryFailure.Reason.FAILED, "the query failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException ignored) {
            // The statement finished or closed meanwhile: nothing left to stop.
        }
    }

    /** The first line of a DuckDB error message (its words, without the context lines DuckDB adds after them). */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        for (Connection connection : pool) {
            connection.close();
        }
        root.close();
    }
}
