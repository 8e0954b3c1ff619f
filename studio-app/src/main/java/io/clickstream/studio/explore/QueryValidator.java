package io.clickstream.studio.explore;

import io.clickstream.studio.base.FieldMessage;
import io.clickstream.model.ModeledTables;
import io.clickstream.studio.explore.EventCatalog.AppMetadata;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.model.Window;
import io.clickstream.studio.explore.sql.ExplorationSql;
import io.clickstream.studio.explore.sql.Property;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a query against the limits of its analysis and the app's metadata, and resolves the properties it names.
 * Every fault is reported with its JSON field path, all at once, before any SQL exists.
 */
final class QueryValidator {

    static final int MAX_RANGE_DAYS = 400;
    static final int MAX_EVENTS = 10;
    static final int MAX_CONDITIONS = 20;
    static final long MAX_WINDOW_MILLIS = 90L * 86_400_000L;
    static final String EVENT_PREFIX = "event.";
    static final String USER_PREFIX = "user.";

    /** A query found valid: its dates and the properties it names. */
    record Validated(DateSpan range, Map<String, Property> properties) {
    }

    private final AppMetadata metadata;
    private final LocalDate today;
    private final List<FieldMessage> errors = new ArrayList<>();
    private final Map<String, Property> properties = new HashMap<>();
    private DateSpan range;

    private QueryValidator(AppMetadata metadata, LocalDate today) {
        this.metadata = metadata;
        this.today = today;
    }

    static Validated event(EventQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        if (q.events().isEmpty()) {
            v.error("events", "give at least one event");
        } else if (q.events().size() > MAX_EVENTS) {
            v.error("events", "at most " + MAX_EVENTS + " events, not " + q.events().size());
        }
        for (int i = 0; i < q.events().size(); i++) {
            v.spec("events[" + i + "]", q.events().get(i), true);
        }
        if (q.computeMethod().needsValue()) {
            if (q.valueProperty() == null) {
                v.error("valueProperty", "computeMethod " + q.computeMethod().json() + " needs a numeric valueProperty");
            } else {
                v.numeric("valueProperty", q.valueProperty());
            }
        } else if (q.valueProperty() != null) {
            v.error("valueProperty", "only sum, avg, min, max and median use a valueProperty");
        }
        v.groupBy("groupBy", q.groupBy());
        return v.done();
    }

    static Validated funnel(FunnelQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        int n = q.steps().size();
        if (n < 2) {
            v.error("steps", "a funnel needs at least 2 steps, not " + n);
        } else if (n > MAX_EVENTS) {
            v.error("steps", "too many steps: at most " + MAX_EVENTS + ", not " + n);
        }
        for (int i = 0; i < n; i++) {
            v.spec("steps[" + i + "]", q.steps().get(i), true);
        }
        v.window("window", q.window(), false);
        v.groupBy("groupBy", q.groupBy());
        if (q.droppedAtStep() != null && (q.droppedAtStep() < 2 || q.droppedAtStep() > Math.max(2, n))) {
            v.error("droppedAtStep", "a step from 2 to " + Math.max(2, n) + " (users who reached the step before it)");
        }
        if (q.droppedLimit() != null && (q.droppedLimit() < 1 || q.droppedLimit() > 10_000)) {
            v.error("droppedLimit", "from 1 to 10000");
        }
        return v.done();
    }

    static Validated path(PathQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        if (q.startNode() != null && q.endNode() != null) {
            v.error("endNode", "give a startNode or an endNode, not both");
        }
        if (q.nodeType() == PathQuery.NodeType.EVENT) {
            if (q.startNode() != null) {
                v.knownEvent("startNode", q.startNode());
            }
            if (q.endNode() != null) {
                v.knownEvent("endNode", q.endNode());
            }
        }
        if (q.depthOrDefault() < 2 || q.depthOrDefault() > 10) {
            v.error("depth", "from 2 to 10, not " + q.depthOrDefault());
        }
        if (q.topNodesOrDefault() < 1 || q.topNodesOrDefault() > 50) {
            v.error("topNodes", "from 1 to 50, not " + q.topNodesOrDefault());
        }
        if (q.journeyBy() == PathQuery.JourneyBy.GAP) {
            if (q.gapMinutesOrDefault() < 1 || q.gapMinutesOrDefault() > 1440) {
                v.error("gapMinutes", "from 1 to 1440 minutes, not " + q.gapMinutesOrDefault());
            }
        } else if (q.gapMinutes() != null) {
            v.error("gapMinutes", "only with journeyBy GAP");
        }
        return v.done();
    }

    static Validated retention(RetentionQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        v.requiredSpec("startEvent", q.startEvent());
        v.requiredSpec("returnEvent", q.returnEvent());
        if (q.periodsOrDefault() < 1 || q.periodsOrDefault() > 12) {
            v.error("periods", "from 1 to 12, not " + q.periodsOrDefault());
        }
        if (q.sameProperty() != null) {
            v.groupBy("sameProperty", q.sameProperty());
        }
        return v.done();
    }

    static Validated attribution(AttributionQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        v.requiredSpec("goal", q.goal());
        if (q.goalValueProperty() != null) {
            v.numeric("goalValueProperty", q.goalValueProperty());
        }
        v.window("window", q.window(), true);
        if (q.touchPoints() == null || q.touchPoints().events().isEmpty()) {
            v.error("touchPoints.events", "give at least one touch point event");
        } else {
            if (q.touchPoints().events().size() > MAX_EVENTS) {
                v.error("touchPoints.events", "at most " + MAX_EVENTS + " touch point events");
            }
            for (int i = 0; i < q.touchPoints().events().size(); i++) {
                v.spec("touchPoints.events[" + i + "]", q.touchPoints().events().get(i), true);
            }
        }
        if (!(q.halfLifeDaysOrDefault() > 0 && q.halfLifeDaysOrDefault() <= 365)) {
            v.error("timeDecayHalfLifeDays", "more than 0 and at most 365 days");
        }
        return v.done();
    }

    static Validated lifecycle(LifecycleQuery q, AppMetadata metadata, LocalDate today) {
        QueryValidator v = new QueryValidator(metadata, today);
        v.common(q.timeRange(), q.conditions());
        return v.done();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Validated done() {
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        return new Validated(range, properties);
    }

    private void error(String field, String message) {
        errors.add(new FieldMessage(field, message));
    }

    private void common(TimeRange timeRange, List<Condition> conditions) {
        timeRange(timeRange);
        conditions("conditions", conditions);
    }

    private void timeRange(TimeRange r) {
        if (r == null) {
            error("timeRange", "required: {\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"} or {\"last\":30,\"unit\":\"DAY\"}");
            return;
        }
        boolean fixed = r.from() != null || r.to() != null;
        boolean relative = r.last() != null || r.unit() != null;
        if (fixed && relative) {
            error("timeRange", "either from and to, or last and unit, not both");
            return;
        }
        if (fixed) {
            if (r.from() == null) {
                error("timeRange.from", "required with to");
            }
            if (r.to() == null) {
                error("timeRange.to", "required with from");
            }
            if (r.from() == null || r.to() == null) {
                return;
            }
            if (r.to().isBefore(r.from())) {
                error("timeRange", "the range is empty: to (" + r.to() + ") is before from (" + r.from() + ")");
                return;
            }
        } else if (relative) {
            if (r.last() == null || r.last() < 1) {
                error("timeRange.last", "a whole number of at least 1");
                return;
            }
            if (r.unit() == null) {
                error("timeRange.unit", "DAY, WEEK or MONTH");
                return;
            }
        } else {
            error("timeRange", "the range is empty: give from and to, or last and unit");
            return;
        }
        if (relative && r.last() > MAX_RANGE_DAYS) {
            error("timeRange.last", "at most " + MAX_RANGE_DAYS + " days");
            return;
        }
        DateSpan span = r.resolve(today);
        if (ChronoUnit.DAYS.between(span.from(), span.to()) + 1 > MAX_RANGE_DAYS) {
            error("timeRange", "at most " + MAX_RANGE_DAYS + " days");
            return;
        }
        range = span;
    }

    private void window(String field, Window window, boolean attribution) {
        if (window == null || window.unit() == null) {
            error(field, attribution ? "required: {\"unit\":\"SAME_DAY\"}, {\"unit\":\"SESSION\"} or {\"value\":7,\"unit\":\"DAY\"}"
                    : "required: {\"value\":1,\"unit\":\"DAY\"} (SECOND, MINUTE, HOUR, DAY) or {\"unit\":\"SESSION\"}");
            return;
        }
        if (window.unit() == Window.Unit.SAME_DAY && !attribution) {
            error(field + ".unit", "a funnel window is SECOND, MINUTE, HOUR, DAY or SESSION");
            return;
        }
        if (window.unit().isDuration()) {
            if (window.value() == null || window.value() < 1) {
                error(field + ".value", "a whole number of at least 1");
            } else if (window.millis() > MAX_WINDOW_MILLIS) {
                error(field + ".value", "at most 90 days");
            }
        } else if (window.value() != null) {
            error(field + ".value", "a " + window.unit() + " window takes no value");
        }
    }

    private void requiredSpec(String field, EventSpec spec) {
        if (spec == null) {
            error(field, "required: {\"event\":\"...\"}");
        } else {
            spec(field, spec, true);
        }
    }

    private void spec(String field, EventSpec spec, boolean known) {
        if (spec == null) {
            error(field, "required: {\"event\":\"...\"}");
            return;
        }
        if (spec.event() == null || spec.event().isBlank()) {
            error(field + ".event", "required");
        } else if (known) {
            knownEvent(field + ".event", spec.event());
        }
        conditions(field + ".conditions", spec.conditions());
    }

    private void knownEvent(String field, String event) {
        if (!metadata.events().contains(event)) {
            error(field, "unknown event '" + event + "'");
        }
    }

    private void conditions(String field, List<Condition> conditions) {
        if (conditions.size() > MAX_CONDITIONS) {
            error(field, "at most " + MAX_CONDITIONS + " conditions");
            return;
        }
        for (int i = 0; i < conditions.size(); i++) {
            condition(field + "[" + i + "]", conditions.get(i));
        }
    }

    private void condition(String field, Condition c) {
        if (c == null) {
            error(field, "required");
            return;
        }
        Property property = property(field + ".property", c.property());
        if (c.operator() == null) {
            error(field + ".operator", "one of = <> > >= < <= in notIn contains notContains isNull isNotNull between");
            return;
        }
        List<Object> values = c.allValues();
        int arity = c.operator().arity();
        if (arity >= 0 && values.size() != arity) {
            error(field + (arity == 1 ? ".value" : ".values"), "'" + c.operator().symbol() + "' takes "
                    + (arity == 0 ? "no value" : arity == 1 ? "one value" : arity + " values") + ", not " + values.size());
            return;
        }
        if (arity < 0 && (values.isEmpty() || values.size() > 100)) {
            error(field + ".values", "'" + c.operator().symbol() + "' takes 1 to 100 values");
            return;
        }
        for (Object value : values) {
            if (value == null || !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                error(field + ".values", "values are text, numbers or booleans");
                return;
            }
        }
        if (property == null) {
            return;
        }
        if (c.operator().numericOnly() && !property.numeric()) {
            error(field + ".operator", "'" + c.operator().symbol() + "' compares numbers, and " + c.property()
                    + " is text");
            return;
        }
        if (property.numeric() && c.operator() != Operator.CONTAINS && c.operator() != Operator.NOT_CONTAINS) {
            for (Object value : values) {
                if (!isNumber(value)) {
                    error(field + ".values", c.property() + " is a number, and '" + value + "' is not");
                    return;
                }
            }
        }
    }

    private static boolean isNumber(Object value) {
        if (value instanceof Number number) {
            return Double.isFinite(number.doubleValue());
        }
        try {
            return Double.isFinite(Double.parseDouble(value.toString().trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void groupBy(String field, String reference) {
        if (reference == null) {
            return;
        }
        Property property = property(field, reference);
        if (property != null && property.kind() == Property.Kind.COLUMN && property.numeric()
                && ModeledTables.EVENT.column(reference).map(c -> c.type() == ModeledTables.ColumnType.DOUBLE).orElse(false)) {
            error(field, "cannot group by " + reference + ": it is a decimal number");
        }
    }

    private void numeric(String field, String reference) {
        Property property = property(field, reference);
        if (property != null && !property.numeric()) {
            error(field, reference + " is text, not a number");
        }
    }

    private Property property(String field, String reference) {
        if (reference == null || reference.isBlank()) {
            error(field, "required");
            return null;
        }
        Property property = resolve(reference);
        if (property == null) {
            error(field, "unknown property '" + reference + "': an event column (" + String.join(", ",
                    List.of("platform", "geo_country", "device_brand", "traffic_source_source", "..."))
                    + "), event.<parameter> or user.<attribute>");
            return null;
        }
        properties.put(reference, property);
        return property;
    }

    private Property resolve(String reference) {
        if (reference.startsWith(EVENT_PREFIX)) {
            String name = reference.substring(EVENT_PREFIX.length());
            ValueType type = metadata.eventParameters().get(name);
            return type == null ? null : new Property(Property.Kind.EVENT_PARAMETER, name, type);
        }
        if (reference.startsWith(USER_PREFIX)) {
            String name = reference.substring(USER_PREFIX.length());
            ValueType type = metadata.userAttributes().get(name);
            return type == null ? null : new Property(Property.Kind.USER_ATTRIBUTE, name, type);
        }
        if (!ExplorationSql.EVENT_COLUMNS.contains(reference)) {
            return null;
        }
        ModeledTables.ColumnType type = ModeledTables.EVENT.column(reference).orElseThrow().type();
        boolean number = type == ModeledTables.ColumnType.LONG || type == ModeledTables.ColumnType.DOUBLE
                || type == ModeledTables.ColumnType.INT;
        return new Property(Property.Kind.COLUMN, reference, number ? ValueType.NUMBER : ValueType.STRING);
    }
}
