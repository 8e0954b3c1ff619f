package io.clickstream.studio.explore.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.clickstream.studio.explore.ExploreEngine;
import io.clickstream.studio.explore.ExploreHarness;
import io.clickstream.studio.explore.QueryMatrix;
import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.DateSpan;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every shape of statement the Athena dialect builds is parsed by Trino's own SQL parser (trino-parser 435, the
 * last Java 17 line), which must accept it, find exactly as many parameters as values are bound, and find only
 * functions Athena's Trino has. (The statements are not executed: no Athena here; DuckDB runs the same shapes.)
 */
class AthenaSqlTest {

    /** Functions the builder may call; all are in Athena engine version 3 (Trino). */
    static final Set<String> TRINO_FUNCTIONS = Set.of("count", "sum", "avg", "min", "max", "row_number", "lag", "lead",
            "coalesce", "element_at", "date_trunc", "date_diff", "date_add", "strpos", "power");

    @Test
    void every_statement_parses_as_trino_sql_with_one_parameter_per_bound_value() {
        List<BoundQuery> statements = new ArrayList<>();
        ExploreEngine engine = new ExploreEngine(new AthenaSql("clickstream"), (query, control) -> {
            statements.add(query);
            return new ResultTable(List.of(), List.of());
        }, appId -> "v1");
        DateSpan span = new DateSpan(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
        var service = ExploreHarness.service(engine, Map.of("shop", ZoneId.of("Europe/Paris")),
                span.to().atStartOfDay(ZoneId.of("UTC")).toInstant(), 0);
        List<QueryMatrix.Case> cases = QueryMatrix.cases(span);
        for (QueryMatrix.Case c : cases) {
            c.run().apply(service, "shop");
        }
        assertThat(statements).hasSizeGreaterThanOrEqualTo(cases.size());
        Set<String> functions = new TreeSet<>();
        SqlParser parser = new SqlParser();
        for (BoundQuery query : statements) {
            assertThat(query.sql()).doesNotContain("read_parquet").contains("\"clickstream\".\"event\"");
            assertThatCode(() -> parser.createStatement(query.sql())).as(query.sql()).doesNotThrowAnyException();
            Statement statement = parser.createStatement(query.sql());
            List<Parameter> parameters = new ArrayList<>();
            new DefaultTraversalVisitor<Void>() {
                @Override
                protected Void visitParameter(Parameter node, Void context) {
                    parameters.add(node);
                    return null;
                }

                @Override
                protected Void visitFunctionCall(FunctionCall node, Void context) {
                    functions.add(node.getName().toString().toLowerCase());
                    return super.visitFunctionCall(node, context);
                }
            }.process(statement, null);
            assertThat(parameters).as(query.sql()).hasSize(query.parameters().size());
        }
        assertThat(TRINO_FUNCTIONS).containsAll(functions);
        assertThat(functions).contains("element_at", "date_diff", "date_trunc", "row_number");
    }
}
