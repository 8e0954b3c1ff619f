package io.clickstream.studio.explore.ui;

import io.clickstream.studio.base.DateRangeChoice;
import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.Operator;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.TimeRange;
import io.clickstream.studio.explore.model.Window;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL form of an exploration: short, readable query parameters that reopen it exactly, such as
 * {@code ?app=shop&range=30d&s1=view_item&s2=add_to_cart&s2.where=event.item:in:x,y&window=1d&group=platform}.
 *
 * <ul>
 *   <li>{@code range}: {@code 30d}, {@code 12w}, {@code 6m} (the last days, weeks, months ending today in the app's
 *       time zone) or {@code 2026-11-01..2026-11-30} (fixed, inclusive)</li>
 *   <li>{@code where}: one condition per parameter, {@code property:operator:values} ({@code platform:eq:Web},
 *       {@code event.price:between:10,20}, {@code user.tier:in:gold,silver}, {@code geo_city:null}); values are
 *       separated by {@code ,}; a {@code \} escapes {@code ,} {@code :} and itself; {@code join=or} makes them
 *       alternatives</li>
 *   <li>an event with its own conditions: {@code s2=add_to_cart}, {@code s2.where=...}, {@code s2.join=or}; lists
 *       are numbered from 1 ({@code e} events of a trend, {@code s} funnel steps, {@code t} touch points)</li>
 *   <li>{@code window}: {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code session}, {@code sameday}</li>
 * </ul>
 *
 * Decoding never throws: a value it cannot read becomes a {@link FieldMessage} on the field the engine would name,
 * so the view shows it next to that builder field.
 */
final class ExplorationUrl {

    static final String APP = "app";
    static final String RANGE = "range";
    static final String WHERE = "where";
    static final String JOIN = "join";
    static final String GROUP = "group";
    static final String WINDOW = "window";

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,4})([dwm])");
    private static final Pattern FIXED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.\\.(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Map<Operator, String> OPERATORS = new LinkedHashMap<>();

    static {
        OPERATORS.put(Operator.EQ, "eq");
        OPERATORS.put(Operator.NE, "ne");
        OPERATORS.put(Operator.GT, "gt");
        OPERATORS.put(Operator.GE, "ge");
        OPERATORS.put(Operator.LT, "lt");
        OPERATORS.put(Operator.LE, "le");
        OPERATORS.put(Operator.IN, "in");
        OPERATORS.put(Operator.NOT_IN, "notin");
        OPERATORS.put(Operator.CONTAINS, "contains");
        OPERATORS.put(Operator.NOT_CONTAINS, "notcontains");
        OPERATORS.put(Operator.IS_NULL, "null");
        OPERATORS.put(Operator.IS_NOT_NULL, "notnull");
        OPERATORS.put(Operator.BETWEEN, "between");
    }

    /** A query read from the URL, with what could not be read (the rest of the query holds defaults there). */
    record Decoded<Q>(Q query, List<FieldMessage> errors) {
    }

    private ExplorationUrl() {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Encoding

    static Map<String, List<String>> encode(String app, Object query) {
        Writer w = new Writer(app);
        if (query instanceof EventQuery q) {
            w.range(q.timeRange());
            w.specs("e", q.events());
            w.put("measure", q.computeMethod().json());
            w.put("of", q.valueProperty());
            w.put("by", lower(q.granularity()));
            w.put(GROUP, q.groupBy());
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else if (query instanceof FunnelQuery q) {
            w.range(q.timeRange());
            w.specs("s", q.steps());
            w.put(WINDOW, window(q.window()));
            w.put("strict", q.strict() ? "1" : null);
            w.put(GROUP, q.groupBy());
            w.put("dropped", q.droppedAtStep());
            w.put("droppedLimit", q.droppedLimit());
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else if (query instanceof PathQuery q) {
            w.range(q.timeRange());
            w.put("node", lower(q.nodeType()));
            w.put("journey", lower(q.journeyBy()));
            w.put("gap", q.gapMinutes());
            w.put("start", q.startNode());
            w.put("end", q.endNode());
            w.put("depth", q.depth());
            w.put("top", q.topNodes());
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else if (query instanceof RetentionQuery q) {
            w.range(q.timeRange());
            w.spec("start", q.startEvent());
            w.spec("return", q.returnEvent());
            w.put("period", lower(q.period()));
            w.put("periods", q.periods());
            w.put("same", q.sameProperty());
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else if (query instanceof AttributionQuery q) {
            w.range(q.timeRange());
            w.spec("goal", q.goal());
            w.put("of", q.goalValueProperty());
            w.put("model", lower(q.model()));
            w.put("halflife", q.timeDecayHalfLifeDays() == null ? null : number(q.timeDecayHalfLifeDays()));
            w.put(WINDOW, window(q.window()));
            if (q.touchPoints() != null) {
                w.put("touch", lower(q.touchPoints().type()));
                w.specs("t", q.touchPoints().events());
            }
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else if (query instanceof LifecycleQuery q) {
            w.range(q.timeRange());
            w.conditions(WHERE, JOIN, q.conditions(), q.join());
        } else {
            throw new IllegalArgumentException("not an exploration: " + query);
        }
        return w.params;
    }

    /** The query string of parameters, in their order, with {@code : , / @ ( ) ! * ' $ ;} left readable. */
    static String queryString(Map<String, List<String>> params) {
        StringBuilder text = new StringBuilder();
        params.forEach((name, values) -> values.forEach(value -> {
            text.append(text.isEmpty() ? "" : "&").append(escapeUrl(name)).append('=').append(escapeUrl(value));
        }));
        return text.toString();
    }

    static String range(TimeRange range) {
        if (range == null) {
            return null;
        }
        if (range.from() != null || range.to() != null) {
            return range.from() + ".." + range.to();
        }
        String unit = range.unit() == null ? "d" : switch (range.unit()) {
            case DAY -> "d";
            case WEEK -> "w";
            case MONTH -> "m";
        };
        return range.last() + unit;
    }

    /**
     * The engine's time range of the header's date range: relative ranges stay relative (a saved exploration of the
     * last 14 days is the last 14 days when it is opened again); the others (yesterday, this or last month, custom
     * dates) become their days as of {@code today} in the app's zone.
     */
    static TimeRange timeRange(DateRangeChoice choice, LocalDate today) {
        return choice.isRelative()
                ? new TimeRange(null, null, choice.last(), TimeRange.Unit.valueOf(choice.unit().name()))
                : TimeRange.between(choice.start(today), choice.end(today));
    }

    static String window(Window window) {
        if (window == null || window.unit() == null) {
            return null;
        }
        return switch (window.unit()) {
            case SESSION -> "session";
            case SAME_DAY -> "sameday";
            case SECOND -> window.value() + "s";
            case MINUTE -> window.value() + "m";
            case HOUR -> window.value() + "h";
            case DAY -> window.value() + "d";
        };
    }

    static String condition(Condition condition) {
        StringBuilder text = new StringBuilder(escape(condition.property() == null ? "" : condition.property()));
        text.append(':').append(condition.operator() == null ? "" : OPERATORS.get(condition.operator()));
        List<Object> values = condition.allValues();
        if (!values.isEmpty()) {
            text.append(':');
            for (int i = 0; i < values.size(); i++) {
                text.append(i == 0 ? "" : ",").append(escape(String.valueOf(values.get(i))));
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Decoding

    static String app(Map<String, List<String>> params) {
        return new Reader(params).text(APP);
    }

    static Decoded<EventQuery> event(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        EventQuery q = new EventQuery(r.range(Analysis.EVENT), r.specs("e", "events"),
                r.choice("by", "granularity", Granularity::of), r.choice("measure", "computeMethod", ComputeMethod::of),
                r.text("of"), r.text(GROUP), r.conditions(WHERE, "conditions"), r.join(JOIN, "join"));
        return r.done(q);
    }

    static Decoded<FunnelQuery> funnel(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        Window window = r.window(WINDOW, "window", Window.of(1, Window.Unit.DAY));
        FunnelQuery q = new FunnelQuery(r.range(Analysis.FUNNEL), r.specs("s", "steps"), window,
                r.flag("strict"), r.text(GROUP), r.conditions(WHERE, "conditions"), r.join(JOIN, "join"),
                r.integer("dropped", "droppedAtStep"), r.integer("droppedLimit", "droppedLimit"));
        return r.done(q);
    }

    static Decoded<PathQuery> path(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        PathQuery q = new PathQuery(r.range(Analysis.PATH), r.choice("node", "nodeType", PathQuery.NodeType::of),
                r.choice("journey", "journeyBy", PathQuery.JourneyBy::of), r.integer("gap", "gapMinutes"),
                r.text("start"), r.text("end"), r.integer("depth", "depth"), r.integer("top", "topNodes"),
                r.conditions(WHERE, "conditions"), r.join(JOIN, "join"));
        return r.done(q);
    }

    static Decoded<RetentionQuery> retention(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        RetentionQuery q = new RetentionQuery(r.range(Analysis.RETENTION), r.spec("start", "startEvent"),
                r.spec("return", "returnEvent"), r.choice("period", "period", Granularity::of),
                r.integer("periods", "periods"), r.text("same"), r.conditions(WHERE, "conditions"),
                r.join(JOIN, "join"));
        return r.done(q);
    }

    static Decoded<AttributionQuery> attribution(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        Window window = r.window(WINDOW, "window", Window.of(7, Window.Unit.DAY));
        AttributionQuery.TouchPoints touchPoints = new AttributionQuery.TouchPoints(
                r.choice("touch", "touchPoints.type", AttributionQuery.TouchPoints.Label::of),
                r.specs("t", "touchPoints.events"));
        AttributionQuery q = new AttributionQuery(r.range(Analysis.ATTRIBUTION),
                r.choice("model", "model", AttributionQuery.Model::of), r.spec("goal", "goal"), r.text("of"), window,
                touchPoints, r.decimal("halflife", "timeDecayHalfLifeDays"), r.conditions(WHERE, "conditions"),
                r.join(JOIN, "join"));
        return r.done(q);
    }

    static Decoded<LifecycleQuery> lifecycle(Map<String, List<String>> params) {
        Reader r = new Reader(params);
        LifecycleQuery q = new LifecycleQuery(r.range(Analysis.LIFECYCLE), r.conditions(WHERE, "conditions"),
                r.join(JOIN, "join"));
        return r.done(q);
    }

    /** The range an analysis shows when the URL names none. */
    static TimeRange defaultRange(Analysis analysis) {
        return analysis == Analysis.LIFECYCLE ? new TimeRange(null, null, 12, TimeRange.Unit.WEEK)
                : TimeRange.lastDays(30);
    }

    static TimeRange parseRange(String text) {
        Matcher relative = RELATIVE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            TimeRange.Unit unit = switch (relative.group(2)) {
                case "w" -> TimeRange.Unit.WEEK;
                case "m" -> TimeRange.Unit.MONTH;
                default -> TimeRange.Unit.DAY;
            };
            return new TimeRange(null, null, Integer.parseInt(relative.group(1)), unit);
        }
        Matcher fixed = FIXED.matcher(text.trim());
        if (fixed.matches()) {
            return TimeRange.between(LocalDate.parse(fixed.group(1)), LocalDate.parse(fixed.group(2)));
        }
        throw new IllegalArgumentException(text);
    }

    static Window parseWindow(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("session")) {
            return new Window(null, Window.Unit.SESSION);
        }
        if (value.equals("sameday")) {
            return new Window(null, Window.Unit.SAME_DAY);
        }
        Matcher duration = DURATION.matcher(value);
        if (!duration.matches()) {
            throw new IllegalArgumentException(text);
        }
        Window.Unit unit = switch (duration.group(2)) {
            case "s" -> Window.Unit.SECOND;
            case "m" -> Window.Unit.MINUTE;
            case "h" -> Window.Unit.HOUR;
            default -> Window.Unit.DAY;
        };
        return new Window(Long.parseLong(duration.group(1)), unit);
    }

    static Operator parseOperator(String text) {
        for (Map.Entry<Operator, String> entry : OPERATORS.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(text)) {
                return entry.getKey();
            }
        }
        return Operator.of(text);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static final class Writer {

        final Map<String, List<String>> params = new LinkedHashMap<>();

        Writer(String app) {
            put(APP, app);
        }

        void put(String name, Object value) {
            if (value != null) {
                params.computeIfAbsent(name, n -> new ArrayList<>()).add(value.toString());
            }
        }

        void range(TimeRange range) {
            put(RANGE, ExplorationUrl.range(range));
        }

        void specs(String prefix, List<EventSpec> specs) {
            for (int i = 0; i < specs.size(); i++) {
                spec(prefix + (i + 1), specs.get(i));
            }
        }

        void spec(String key, EventSpec spec) {
            if (spec == null) {
                return;
            }
            put(key, spec.event() == null ? "" : spec.event());
            conditions(key + "." + WHERE, key + "." + JOIN, spec.conditions(), spec.join());
        }

        void conditions(String key, String joinKey, List<Condition> conditions, Join join) {
            conditions.forEach(c -> put(key, condition(c)));
            put(joinKey, join == Join.OR ? "or" : null);
        }
    }

    private static final class Reader {

        private static final Pattern INDEXED = Pattern.compile("([a-z]+)(\\d{1,3})(\\..*)?");

        final Map<String, List<String>> params;
        final List<FieldMessage> errors = new ArrayList<>();

        Reader(Map<String, List<String>> params) {
            this.params = params;
        }

        <Q> Decoded<Q> done(Q query) {
            return new Decoded<>(query, List.copyOf(errors));
        }

        String text(String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        }

        TimeRange range(Analysis analysis) {
            String text = text(RANGE);
            if (text == null || text.isBlank()) {
                return defaultRange(analysis);
            }
            try {
                return parseRange(text);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                errors.add(new FieldMessage("timeRange", "'" + text + "' is not a time range: use 30d, 12w, 6m or "
                        + "2026-11-01..2026-11-30"));
                return defaultRange(analysis);
            }
        }

        Window window(String name, String field, Window fallback) {
            String text = text(name);
            if (text == null || text.isBlank()) {
                return fallback;
            }
            try {
                return parseWindow(text);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldMessage(field, "'" + text + "' is not a window: use 30m, 2h, 1d or session"));
                return fallback;
            }
        }

        <E> E choice(String name, String field, Function<String, E> parse) {
            String text = text(name);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldMessage(field, "'" + text + "' is not one of the choices here"));
                return null;
            }
        }

        Integer integer(String name, String field) {
            String text = text(name);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldMessage(field, "'" + text + "' is not a whole number"));
                return null;
            }
        }

        Double decimal(String name, String field) {
            String text = text(name);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Double.valueOf(text.trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldMessage(field, "'" + text + "' is not a number"));
                return null;
            }
        }

        Boolean flag(String name) {
            String text = text(name);
            return text == null ? null : text.equals("1") || text.equalsIgnoreCase("true") ? Boolean.TRUE : null;
        }

        Join join(String name, String field) {
            Join join = choice(name, field, Join::of);
            return join == Join.OR ? Join.OR : null;
        }

        List<EventSpec> specs(String prefix, String field) {
            TreeSet<Integer> indexes = new TreeSet<>();
            for (String key : params.keySet()) {
                Matcher m = INDEXED.matcher(key);
                if (m.matches() && m.group(1).equals(prefix) && Integer.parseInt(m.group(2)) > 0) {
                    indexes.add(Integer.parseInt(m.group(2)));
                }
            }
            List<EventSpec> specs = new ArrayList<>();
            for (int index : indexes) {
                specs.add(spec(prefix + index, field + "[" + specs.size() + "]"));
            }
            return specs;
        }

        EventSpec spec(String key, String field) {
            String event = text(key);
            List<String> where = params.get(key + "." + WHERE);
            if (event == null && (where == null || where.isEmpty())) {
                return null;
            }
            return new EventSpec(event == null || event.isBlank() ? null : event,
                    conditions(key + "." + WHERE, field + ".conditions"), join(key + "." + JOIN, field + ".join"));
        }

        List<Condition> conditions(String name, String field) {
            List<String> texts = params.getOrDefault(name, List.of());
            List<Condition> conditions = new ArrayList<>();
            for (String text : texts) {
                String at = field + "[" + conditions.size() + "]";
                List<String> parts = split(text, ':', 3);
                Operator operator = null;
                if (parts.size() < 2 || parts.get(1).isBlank()) {
                    errors.add(new FieldMessage(at + ".operator", "'" + text + "' names no comparison: write "
                            + "property:operator:value, such as platform:eq:Web"));
                } else {
                    try {
                        operator = parseOperator(unescape(parts.get(1)));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldMessage(at + ".operator", "'" + unescape(parts.get(1))
                                + "' is not a comparison"));
                    }
                }
                List<Object> values = new ArrayList<>();
                if (parts.size() == 3) {
                    split(parts.get(2), ',', Integer.MAX_VALUE).forEach(v -> values.add(unescape(v)));
                }
                String property = parts.get(0).isBlank() ? null : unescape(parts.get(0));
                conditions.add(new Condition(property, operator, null, List.copyOf(values)));
            }
            return conditions;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Splits on unescaped {@code separator} into at most {@code limit} parts, each still escaped. */
    static List<String> split(String text, char separator, int limit) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
            } else if (c == separator && parts.size() < limit - 1) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    static String unescape(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            plain.append(c == '\\' && i + 1 < text.length() ? text.charAt(++i) : c);
        }
        return plain.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == ':' || c == ',') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String escapeUrl(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:,/@()!*'$;".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
