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
import org.duckdb.DuckDBConnection;

/**
 * Embedded, in-memory DuckDB reading the local lake's Parquet. A fixed pool of connections duplicated from one
 * root shares the database and its caches; a query waits for a free one. Each query runs under the lake's commit
 * read lock, so an ETL commit in this JVM never lands half-seen; it is interrupted on cancel or when its timeout
 * passes. Only queries (SELECT / WITH) are accepted, and the configuration is locked after setup, so nothing sent
 * here can write files or change the database's settings.
 */
public final class DuckDbExecutor implements QueryExecutor, AutoCloseable {

    private final DuckDBConnection root;
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

    private static String firstLine(String message) {
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
