package io.clickstream.studio.explore;

import static io.clickstream.studio.explore.exec.ResultTable.asDate;
import static io.clickstream.studio.explore.exec.ResultTable.asDouble;
import static io.clickstream.studio.explore.exec.ResultTable.asLong;
import static io.clickstream.studio.explore.exec.ResultTable.asString;

import io.clickstream.studio.explore.exec.ResultTable;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.explore.sql.ExplorationSql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns the rows of each analysis's statement (columns as {@code ExplorationSql} documents them) into its result
 * record: fills buckets and periods without rows, computes rates, orders the output. Pure functions of the rows.
 */
final class ExplorationResults {

    static final String OTHER_ID = "~other";

    private ExplorationResults() {
    }

    /** The first day of every bucket of the range. */
    static List<LocalDate> buckets(Granularity granularity, DateSpan range) {
        List<LocalDate> buckets = new ArrayList<>();
        LocalDate day = bucketOf(granularity, range.from());
        while (!day.isAfter(range.to())) {
            buckets.add(day);
            day = next(granularity, day);
        }
        return buckets;
    }

    static LocalDate bucketOf(Granularity granularity, LocalDate day) {
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> ExplorationSql.weekStart(day);
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    static LocalDate next(Granularity granularity, LocalDate bucket) {
        return switch (granularity) {
            case DAY -> bucket.plusDays(1);
            case WEEK -> bucket.plusWeeks(1);
            case MONTH -> bucket.plusMonths(1);
        };
    }

    static EventResult event(EventQuery query, DateSpan range, ResultTable table, String sql) {
        record Key(int series, String group) {
        }
        Map<Key, Map<LocalDate, Number>> values = new LinkedHashMap<>();
        for (List<Object> row : table.rows()) {
            Key key = new Key(asLong(row.get(0)).intValue(), asString(row.get(2)));
            Object raw = row.get(3);
            Number value = countLike(query.computeMethod()) ? (Number) asLong(raw) : (Number) asDouble(raw);
            values.computeIfAbsent(key, k -> new HashMap<>()).put(asDate(row.get(1)), value);
        }
        List<LocalDate> buckets = buckets(query.granularity(), range);
        List<EventResult.Series> series = new ArrayList<>();
        for (int i = 0; i < query.events().size(); i++) {
            int index = i;
            List<Key> keys = new ArrayList<>(values.keySet().stream().filter(k -> k.series() == index).toList());
            if (keys.isEmpty() && query.groupBy() == null) {
                keys.add(new Key(i, null));
            }
            keys.sort(Comparator.comparing(Key::group, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (Key key : keys) {
                Map<LocalDate, Number> byBucket = values.getOrDefault(key, Map.of());
                List<EventResult.Point> points = new ArrayList<>();
                for (LocalDate bucket : buckets) {
                    Number value = byBucket.get(bucket);
                    if (value == null) {
                        value = countLike(query.computeMethod()) ? (Number) 0L
                                : query.computeMethod() == ComputeMethod.SUM ? (Number) 0.0 : null;
                    }
                    points.add(new EventResult.Point(bucket, value));
                }
                series.add(new EventResult.Series(query.events().get(i).event(), key.group(), points));
            }
        }
        return new EventResult(series, sql);
    }

    private static boolean countLike(ComputeMethod method) {
        return method == ComputeMethod.USERS || method == ComputeMethod.EVENTS || method == ComputeMethod.SESSIONS;
    }

    static FunnelResult funnel(FunnelQuery query, ResultTable table, List<String> dropped, String sql,
                               String droppedSql) {
        int n = query.steps().size();
        long[] overall = new long[n + 1];
        Double[] overallMedian = new Double[n + 1];
        Map<String, long[]> groupUsers = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        Map<String, Double[]> groupMedians = new HashMap<>();
        for (List<Object> row : table.rows()) {
            boolean grouped = asLong(row.get(0)) == 1;
            String group = asString(row.get(1));
            int step = asLong(row.get(2)).intValue();
            long users = asLong(row.get(3));
            Double medianMillis = asDouble(row.get(4));
            if (grouped) {
                groupUsers.computeIfAbsent(group, g -> new long[n + 1])[step] = users;
                groupMedians.computeIfAbsent(group, g -> new Double[n + 1])[step] = medianMillis;
            } else {
                overall[step] = users;
                overallMedian[step] = medianMillis;
            }
        }
        List<FunnelResult.Group> groups = new ArrayList<>();
        groupUsers.forEach((group, users) -> groups.add(new FunnelResult.Group(group,
                steps(query, users, groupMedians.get(group)))));
        return new FunnelResult(steps(query, overall, overallMedian), groups, dropped, sql, droppedSql);
    }

    private static List<FunnelResult.Step> steps(FunnelQuery query, long[] users, Double[] medians) {
        List<FunnelResult.Step> steps = new ArrayList<>();
        for (int k = 1; k <= query.steps().size(); k++) {
            double rate = users[1] == 0 ? 0.0 : (double) users[k] / users[1];
            Double median = k == 1 || medians[k] == null ? null : medians[k] / 1000.0;
            steps.add(new FunnelResult.Step(query.steps().get(k - 1).event(), users[k], rate, median));
        }
        return steps;
    }

    static PathResult path(PathQuery query, ResultTable table, String sql) {
        boolean backwards = query.endNode() != null;
        List<PathResult.Node> nodes = new ArrayList<>();
        List<PathResult.Link> links = new ArrayList<>();
        long journeys = 0;
        for (List<Object> row : table.rows()) {
            String kind = asString(row.get(0));
            int depth = asLong(row.get(1)).intValue();
            String name = asString(row.get(2));
            long count = asLong(row.get(5));
            if (kind.equals("N")) {
                nodes.add(new PathResult.Node(id(depth, name), depth, name == null ? "Other" : name, name == null, count));
                if (depth == 1) {
                    journeys += count;
                }
            } else {
                String from = id(depth, name);
                String to = id(asLong(row.get(3)).intValue(), asString(row.get(4)));
                // Back from an end node, deeper means earlier: links still run forwards in time.
                links.add(backwards ? new PathResult.Link(to, from, count) : new PathResult.Link(from, to, count));
            }
        }
        nodes.sort(Comparator.comparingInt(PathResult.Node::depth).thenComparing(PathResult.Node::other)
                .thenComparing(Comparator.comparingLong(PathResult.Node::journeys).reversed())
                .thenComparing(PathResult.Node::name));
        links.sort(Comparator.comparing(PathResult.Link::source).thenComparing(PathResult.Link::target));
        return new PathResult(journeys, nodes, links, sql);
    }

    private static String id(int depth, String name) {
        return depth + ":" + (name == null ? OTHER_ID : name);
    }

    static RetentionResult retention(RetentionQuery query, DateSpan range, ResultTable table, String sql) {
        int periods = query.periodsOrDefault();
        Map<LocalDate, Long[]> cohorts = new TreeMap<>();
        for (List<Object> row : table.rows()) {
            LocalDate start = asDate(row.get(0));
            int k = asLong(row.get(1)).intValue();
            cohorts.computeIfAbsent(start, s -> new Long[periods + 1])[k] = asLong(row.get(2));
        }
        List<RetentionResult.Cohort> result = new ArrayList<>();
        cohorts.forEach((start, counts) -> {
            List<Long> retained = new ArrayList<>();
            LocalDate periodStart = start;
            for (int k = 0; k <= periods; k++) {
                retained.add(periodStart.isAfter(range.to()) ? null : Objects.requireNonNullElse(counts[k], 0L));
                periodStart = next(query.period(), periodStart);
            }
            result.add(new RetentionResult.Cohort(start, counts[0] == null ? 0 : counts[0], retained));
        });
        return new RetentionResult(result, sql);
    }

    static AttributionResult attribution(ResultTable table, String sql) {
        List<AttributionResult.Credit> credits = new ArrayList<>();
        long total = 0;
        double totalValue = 0;
        long unattributed = 0;
        double unattributedValue = 0;
        for (List<Object> row : table.rows()) {
            String kind = asString(row.get(0));
            double conversions = Objects.requireNonNullElse(asDouble(row.get(2)), 0.0);
            double value = Objects.requireNonNullElse(asDouble(row.get(3)), 0.0);
            switch (kind) {
                case "T" -> credits.add(new AttributionResult.Credit(asString(row.get(1)), conversions, value));
                case "G" -> {
                    total = Math.round(conversions);
                    totalValue = value;
                }
                case "U" -> {
                    unattributed = Math.round(conversions);
                    unattributedValue = value;
                }
                default -> throw new IllegalStateException("unexpected row kind " + kind);
            }
        }
        credits.sort(Comparator.comparingDouble(AttributionResult.Credit::conversions).reversed()
                .thenComparing(AttributionResult.Credit::touchPoint));
        return new AttributionResult(credits, total, totalValue, unattributed, unattributedValue, sql);
    }

    static LifecycleResult lifecycle(DateSpan range, ResultTable table, String sql) {
        Map<LocalDate, long[]> weeks = new TreeMap<>();
        TreeMap<LocalDate, long[]> changes = new TreeMap<>();
        for (List<Object> row : table.rows()) {
            LocalDate date = asDate(row.get(1));
            if (asString(row.get(0)).equals("W")) {
                int state = switch (asString(row.get(2))) {
                    case "new" -> 0;
                    case "retained" -> 1;
                    case "resurrected" -> 2;
                    case "dormant" -> 3;
                    default -> throw new IllegalStateException("unexpected state " + row.get(2));
                };
                weeks.computeIfAbsent(date, w -> new long[4])[state] = asLong(row.get(3));
            } else {
                changes.put(date, new long[] {asLong(row.get(3)), asLong(row.get(4)), asLong(row.get(5))});
            }
        }
        List<LifecycleResult.Week> weekRows = new ArrayList<>();
        for (LocalDate week : buckets(Granularity.WEEK, range)) {
            long[] s = weeks.getOrDefault(week, new long[4]);
            weekRows.add(new LifecycleResult.Week(week, s[0], s[1], s[2], s[3], s[0] + s[1] + s[2]));
        }
        List<LifecycleResult.Day> days = new ArrayList<>();
        for (LocalDate day : range.days()) {
            Map.Entry<LocalDate, long[]> last = changes.floorEntry(day);
            long dau = last != null && last.getKey().equals(day) ? last.getValue()[0] : 0;
            long wau = last == null ? 0 : last.getValue()[1];
            long mau = last == null ? 0 : last.getValue()[2];
            days.add(new LifecycleResult.Day(day, dau, wau, mau, wau == 0 ? null : (double) dau / wau,
                    mau == 0 ? null : (double) dau / mau));
        }
        return new LifecycleResult(weekRows, days, sql);
    }
}
