package io.clickstream.studio.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * One embedded, in-memory DuckDB for the whole studio. Each query runs on its own duplicate of the root
 * connection: duplicates share the database (and its caches) but may be used from different threads at once.
 */
final class DuckDbDatabase implements AutoCloseable {

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final DuckDBConnection root;

    DuckDbDatabase() {
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = root.createStatement()) {
                // Parquet is built in; never try to fetch extensions from the network at query time.
                statement.execute("SET autoinstall_known_extensions = false");
                statement.execute("SET autoload_known_extensions = false");
            }
        } catch (SQLException e) {
            throw new LakeQueryException("cannot start embedded DuckDB", e);
        }
    }

    /**
     * Runs a query. Readers in the ETL's JVM hold the {@code LakeCommitLock} around it (see {@code EventQueries}), so
     * they never see a commit half-applied.
     */
    <T> List<T> query(BoundQuery query, RowReader<T> reader) {
        try {
            return queryOnce(query, reader);
        } catch (SQLException e) {
            throw new LakeQueryException("query failed: " + e.getMessage(), e);
        }
    }

    private <T> List<T> queryOnce(BoundQuery query, RowReader<T> reader) throws SQLException {
        try (Connection connection = root.duplicate();
             PreparedStatement statement = connection.prepareStatement(query.sql())) {
            List<Object> parameters = query.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    rows.add(reader.read(resultSet));
                }
            }
            return rows;
        }
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }
}
