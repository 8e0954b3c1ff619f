package io.clickstream.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.assertions.Template;

/** The identity-based IAM statements of a template (policies and roles' inline policies) and the wildcard rule. */
final class IamStatements {

    /** Actions AWS offers on {@code *} only, each allowed there when a condition limits it to the caller's own. */
    private static final Set<String> RESOURCE_LESS_WITH_OWNER_CONDITION = Set.of("redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult", "redshift-data:CancelStatement");

    /**
     * Log-delivery configuration actions, which AWS offers on {@code *} only; a state machine's logging needs them.
     * They set up delivery to a log group, they neither read nor write log data.
     */
    private static final Set<String> LOG_DELIVERY = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    private IamStatements() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> of(Template template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            for (Map<String, Object> resource : template.findResources(type).values()) {
                Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument"))
                        .get("Statement"));
            }
        }
        for (Map<String, Object> role : template.findResources("AWS::IAM::Role").values()) {
            Map<String, Object> properties = (Map<String, Object>) role.get("Properties");
            for (Map<String, Object> policy : (List<Map<String, Object>>) properties.getOrDefault("Policies", List.of())) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument"))
                        .get("Statement"));
            }
        }
        return statements;
    }

    /** What is wrong with an Allow statement: an action that is {@code *} or a whole service, a {@code *} data resource. */
    static List<String> violations(String where, Map<String, Object> statement, Set<String> dataServices) {
        List<String> problems = new ArrayList<>();
        if (!"Allow".equals(statement.get("Effect"))) {
            return problems;
        }
        List<Object> actions = list(statement.get("Action"));
        List<Object> resources = list(statement.get("Resource"));
        for (Object action : actions) {
            String name = String.valueOf(action);
            if (name.equals("*") || name.endsWith(":*")) {
                problems.add(where + ": action " + name + " in " + statement);
            }
        }
        if (resources.contains("*")) {
            for (Object action : actions) {
                String name = String.valueOf(action);
                String service = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
                boolean exempt = LOG_DELIVERY.contains(name) || RESOURCE_LESS_WITH_OWNER_CONDITION.contains(name)
                        && String.valueOf(statement.get("Condition")).contains("statement-owner-iam-userid");
                if ((name.equals("*") || dataServices.contains(service)) && !exempt) {
                    problems.add(where + ": " + name + " on '*' in " + statement);
                    break;
                }
            }
        }
        return problems;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> values ? new ArrayList<>(values) : List.of(value);
    }
}
