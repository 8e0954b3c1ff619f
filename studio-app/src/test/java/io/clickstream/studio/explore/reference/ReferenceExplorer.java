package io.clickstream.studio.explore.reference;

import io.clickstream.studio.explore.ModeledEvent;
import io.clickstream.studio.explore.model.AttributionQuery;
import io.clickstream.studio.explore.model.AttributionResult;
import io.clickstream.studio.explore.model.ComputeMethod;
import io.clickstream.studio.explore.model.Condition;
import io.clickstream.studio.explore.model.DateSpan;
import io.clickstream.studio.explore.model.EventQuery;
import io.clickstream.studio.explore.model.EventResult;
import io.clickstream.studio.explore.model.EventSpec;
import io.clickstream.studio.explore.model.FunnelQuery;
import io.clickstream.studio.explore.model.FunnelResult;
import io.clickstream.studio.explore.model.Granularity;
import io.clickstream.studio.explore.model.Join;
import io.clickstream.studio.explore.model.LifecycleQuery;
import io.clickstream.studio.explore.model.LifecycleResult;
import io.clickstream.studio.explore.model.PathQuery;
import io.clickstream.studio.explore.model.PathResult;
import io.clickstream.studio.explore.model.RetentionQuery;
import io.clickstream.studio.explore.model.RetentionResult;
import io.clickstream.studio.explore.model.ValueType;
import io.clickstream.studio.explore.model.Window;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Computes each analysis by brute force from a list of events: loops over users and their events in time order,
 * following each analysis's definition (see the query records' Javadoc). Knows nothing of SQL or of the engine.
 */
public final class ReferenceExplorer {

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+([.][0-9]+)?");
    private static final long DAY = 86_400_000L;
    private static final Comparator<ModeledEvent> ORDER =
            Comparator.comparingLong(ModeledEvent::timeMsec).thenComparing(ModeledEvent::eventId);

    private final List<ModeledEvent> events;
    private final Map<String, Map<String, String>> userAttributes;
    private final ZoneId zone;
    private final Map<String, ValueType> parameterTypes;
    private final Map<String, ValueType> attributeTypes;

    public ReferenceExplorer(List<ModeledEvent> events, Map<String, Map<String, String>> userAttributes, ZoneId zone,
                             Map<String, ValueType> parameterTypes, Map<String, ValueType> attributeTypes) {
        this.events = events.stream().filter(e -> e.userPseudoId() != null).sorted(ORDER).toList();
        this.userAttributes = userAttributes;
        this.zone = zone;
        this.parameterTypes = parameterTypes;
        this.attributeTypes = attributeTypes;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // conditions

    private Object raw(ModeledEvent e, String property) {
        if (property.startsWith("event.")) {
            return e.parameters().get(property.substring(6));
        }
        if (property.startsWith("user.")) {
            return userAttributes.getOrDefault(e.userPseudoId(), Map.of()).get(property.substring(5));
        }
        return e.column(property);
    }

    private boolean numeric(String property) {
        if (property.startsWith("event.")) {
            return parameterTypes.get(property.substring(6)) == ValueType.NUMBER;
        }
        if (property.startsWith("user.")) {
            return attributeTypes.get(property.substring(5)) == ValueType.NUMBER;
        }
        return property.equals("event_value");
    }

    private Double number(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Double d) {
            return d;
        }
        String text = raw.toString();
        return NUMBER.matcher(text).matches() ? Double.parseDouble(text) : null;
    }

    /** The property as text: group-by and same-property values. */
    String text(ModeledEvent e, String property) {
        Object raw = raw(e, property);
        return raw == null ? null : raw.toString();
    }

    boolean matches(ModeledEvent e, Condition c) {
        boolean isNumber = numeric(c.property());
        Object raw = raw(e, c.property());
        Object value = isNumber ? number(raw) : raw;
        List<Object> values = c.allValues();
        switch (c.operator()) {
            case IS_NULL:
                return value == null;
            case IS_NOT_NULL:
                return value != null;
            default:
                break;
        }
        if (value == null) {
            return false;
        }
        if (c.operator() == io.clickstream.studio.explore.model.Operator.CONTAINS) {
            return raw.toString().contains(values.get(0).toString());
        }
        if (c.operator() == io.clickstream.studio.explore.model.Operator.NOT_CONTAINS) {
            return !raw.toString().contains(values.get(0).toString());
        }
        if (isNumber) {
            double x = (Double) value;
            List<Double> vs = values.stream().map(v -> v instanceof Number n ? n.doubleValue()
                    : Double.parseDouble(v.toString())).toList();
            return switch (c.operator()) {
                case EQ -> x == vs.get(0);
                case NE -> x != vs.get(0);
                case GT -> x > vs.get(0);
                case GE -> x >= vs.get(0);
                case LT -> x < vs.get(0);
                case LE -> x <= vs.get(0);
                case BETWEEN -> x >= vs.get(0) && x <= vs.get(1);
                case IN -> vs.contains(x);
                case NOT_IN -> !vs.contains(x);
                default -> throw new IllegalArgumentException(c.operator().toString());
            };
        }
        String x = value.toString();
        List<String> vs = values.stream().map(Object::toString).toList();
        return switch (c.operator()) {
            case EQ -> x.equals(vs.get(0));
            case NE -> !x.equals(vs.get(0));
            case IN -> vs.contains(x);
            case NOT_IN -> !vs.contains(x);
            default -> throw new IllegalArgumentException(c.operator() + " on text");
        };
    }

    boolean matches(ModeledEvent e, List<Condition> conditions, Join join) {
        if (conditions.isEmpty()) {
            return true;
        }
        return join == Join.OR ? conditions.stream().anyMatch(c -> matches(e, c))
                : conditions.stream().allMatch(c -> matches(e, c));
    }

    boolean matches(ModeledEvent e, EventSpec spec) {
        return e.eventName() != null && e.eventName().equals(spec.event()) && matches(e, spec.conditions(), spec.joinOrAnd());
    }

    private LocalDate date(ModeledEvent e) {
        return e.eventDate(zone);
    }

    private List<ModeledEvent> scan(LocalDate from, LocalDate to, List<Condition> conditions, Join join) {
        return events.stream()
                .filter(e -> (from == null || !date(e).isBefore(from)) && !date(e).isAfter(to))
                .filter(e -> matches(e, conditions, join))
                .toList();
    }

    private static Map<String, List<ModeledEvent>> byUser(List<ModeledEvent> events) {
        Map<String, List<ModeledEvent>> users = new TreeMap<>();
        for (ModeledEvent e : events) {
            users.computeIfAbsent(e.userPseudoId(), u -> new ArrayList<>()).add(e);
        }
        return users;
    }

    static LocalDate bucket(Granularity granularity, LocalDate day) {
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L);
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

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---------------------------------------------------------------------------------------------------------------

    public EventResult event(EventQuery q, DateSpan range) {
        List<ModeledEvent> in = scan(range.from(), range.to(), q.conditions(), q.join());
        List<LocalDate> buckets = new ArrayList<>();
        for (LocalDate b = bucket(q.granularity(), range.from()); !b.isAfter(range.to()); b = next(q.granularity(), b)) {
            buckets.add(b);
        }
        List<EventResult.Series> series = new ArrayList<>();
        ComputeMethod m = q.computeMethod();
        boolean count = m == ComputeMethod.USERS || m == ComputeMethod.EVENTS || m == ComputeMethod.SESSIONS;
        for (EventSpec spec : q.events()) {
            List<ModeledEvent> matching = in.stream().filter(e -> matches(e, spec)).toList();
            Map<String, List<ModeledEvent>> groups = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
            for (ModeledEvent e : matching) {
                groups.computeIfAbsent(q.groupBy() == null ? null : text(e, q.groupBy()), g -> new ArrayList<>()).add(e);
            }
            if (groups.isEmpty() && q.groupBy() == null) {
                groups.put(null, List.of());
            }
            for (Map.Entry<String, List<ModeledEvent>> group : groups.entrySet()) {
                List<EventResult.Point> points = new ArrayList<>();
                for (LocalDate b : buckets) {
                    List<ModeledEvent> inBucket = group.getValue().stream()
                            .filter(e -> bucket(q.granularity(), date(e)).equals(b)).toList();
                    Number value;
                    if (count) {
                        value = switch (m) {
                            case USERS -> (long) inBucket.stream().map(ModeledEvent::userPseudoId).distinct().count();
                            case EVENTS -> (long) inBucket.size();
                            default -> (long) inBucket.stream().map(ModeledEvent::sessionId).filter(Objects::nonNull)
                                    .distinct().count();
                        };
                    } else {
                        List<Double> vs = inBucket.stream().map(e -> number(raw(e, q.valueProperty())))
                                .filter(Objects::nonNull).toList();
                        value = switch (m) {
                            case SUM -> vs.stream().mapToDouble(Double::doubleValue).sum();
                            case AVG -> vs.isEmpty() ? null : vs.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
                            case MIN -> vs.stream().min(Double::compare).orElse(null);
                            case MAX -> vs.stream().max(Double::compare).orElse(null);
                            default -> median(vs);
                        };
                    }
                    points.add(new EventResult.Point(b, value));
                }
                series.add(new EventResult.Series(spec.event(), group.getKey(), points));
            }
        }
        return new EventResult(series, null);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The events a user matched for each step (null after the last one reached). */
    private List<ModeledEvent> funnelPath(FunnelQuery q, List<ModeledEvent> userEvents, LocalDate rangeTo) {
        List<EventSpec> steps = q.steps();
        List<ModeledEvent> chosen = new ArrayList<>();
        ModeledEvent first = userEvents.stream()
                .filter(e -> matches(e, steps.get(0)) && !date(e).isAfter(rangeTo)).findFirst().orElse(null);
        if (first == null) {
            return chosen;
        }
        chosen.add(first);
        boolean session = q.window().unit() == Window.Unit.SESSION;
        for (int k = 1; k < steps.size(); k++) {
            ModeledEvent previous = chosen.get(k - 1);
            EventSpec spec = steps.get(k);
            ModeledEvent found = null;
            for (ModeledEvent e : userEvents) {
                if (!matches(e, spec) || e.timeMsec() < previous.timeMsec() || chosen.contains(e)) {
                    continue;
                }
                if (session ? !Objects.equals(e.sessionId(), first.sessionId()) || e.sessionId() == null
                        : e.timeMsec() - first.timeMsec() > q.window().millis()) {
                    continue;
                }
                if (q.strict() && userEvents.stream().anyMatch(x -> x.timeMsec() > previous.timeMsec()
                        && x.timeMsec() < e.timeMsec())) {
                    continue;
                }
                found = e;
                break;
            }
            if (found == null) {
                break;
            }
            chosen.add(found);
        }
        return chosen;
    }

    public FunnelResult funnel(FunnelQuery q, DateSpan range) {
        boolean session = q.window().unit() == Window.Unit.SESSION;
        long windowDays = session ? 1 : (q.window().millis() + DAY - 1) / DAY;
        List<ModeledEvent> in = scan(range.from(), range.to().plusDays(windowDays + 1), q.conditions(), q.join());
        if (!q.strict()) {
            in = in.stream().filter(e -> q.steps().stream().anyMatch(s -> matches(e, s))).toList();
        }
        int n = q.steps().size();
        Map<String, List<List<ModeledEvent>>> byGroup = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        List<List<ModeledEvent>> all = new ArrayList<>();
        Map<String, List<ModeledEvent>> paths = new TreeMap<>();
        for (Map.Entry<String, List<ModeledEvent>> user : byUser(in).entrySet()) {
            List<ModeledEvent> path = funnelPath(q, user.getValue(), range.to());
            if (path.isEmpty()) {
                continue;
            }
            paths.put(user.getKey(), path);
            all.add(path);
            byGroup.computeIfAbsent(q.groupBy() == null ? null : text(path.get(0), q.groupBy()), g -> new ArrayList<>())
                    .add(path);
        }
        List<FunnelResult.Group> groups = new ArrayList<>();
        if (q.groupBy() != null) {
            byGroup.forEach((g, ps) -> groups.add(new FunnelResult.Group(g, funnelSteps(q, ps))));
        }
        List<String> dropped = null;
        if (q.droppedAtStep() != null) {
            int k = q.droppedAtStep();
            dropped = paths.entrySet().stream().filter(p -> p.getValue().size() == k - 1).map(Map.Entry::getKey)
                    .limit(q.droppedLimit() == null ? 100 : q.droppedLimit()).toList();
        }
        return new FunnelResult(funnelSteps(q, all), groups, dropped, null, null);
    }

    private List<FunnelResult.Step> funnelSteps(FunnelQuery q, List<List<ModeledEvent>> paths) {
        List<FunnelResult.Step> steps = new ArrayList<>();
        long entered = paths.size();
        for (int k = 0; k < q.steps().size(); k++) {
            int step = k;
            List<List<ModeledEvent>> reached = paths.stream().filter(p -> p.size() > step).toList();
            Double median = k == 0 ? null : median(reached.stream()
                    .map(p -> (double) (p.get(step).timeMsec() - p.get(0).timeMsec())).toList());
            steps.add(new FunnelResult.Step(q.steps().get(k).event(), reached.size(),
                    entered == 0 ? 0.0 : (double) reached.size() / entered, median == null ? null : median / 1000.0));
        }
        return steps;
    }

    // ---------------------------------------------------------------------------------------------------------------

    public PathResult path(PathQuery q, DateSpan range) {
        String column = q.nodeType().column();
        boolean bySession = q.journeyBy() == PathQuery.JourneyBy.SESSION;
        List<ModeledEvent> in = scan(range.from(), range.to(), q.conditions(), q.join()).stream()
                .filter(e -> e.column(column) != null && (!bySession || e.sessionId() != null)).toList();
        List<List<String>> journeys = new ArrayList<>();
        for (List<ModeledEvent> user : byUser(in).values()) {
            Map<Object, List<ModeledEvent>> cut = new LinkedHashMap<>();
            long journey = 0;
            ModeledEvent previous = null;
            for (ModeledEvent e : user) {
                if (!bySession && (previous == null || e.timeMsec() - previous.timeMsec() > q.gapMinutesOrDefault() * 60_000L)) {
                    journey++;
                }
                cut.computeIfAbsent(bySession ? e.sessionId() : journey, k -> new ArrayList<>()).add(e);
                previous = e;
            }
            for (List<ModeledEvent> j : cut.values()) {
                List<String> nodes = new ArrayList<>();
                for (ModeledEvent e : j) {
                    String node = e.column(column).toString();
                    if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).equals(node)) {
                        nodes.add(node);
                    }
                }
                journeys.add(nodes);
            }
        }
        int depth = q.depthOrDefault();
        List<List<String>> read = new ArrayList<>();
        for (List<String> nodes : journeys) {
            List<String> seq = new ArrayList<>();
            if (q.endNode() != null) {
                int end = nodes.lastIndexOf(q.endNode());
                if (end < 0) {
                    continue;
                }
                for (int i = end; i >= 0 && end - i < depth; i--) {
                    seq.add(nodes.get(i));
                }
            } else {
                int start = q.startNode() == null ? 0 : nodes.indexOf(q.startNode());
                if (start < 0) {
                    continue;
                }
                for (int i = start; i < nodes.size() && i - start < depth; i++) {
                    seq.add(nodes.get(i));
                }
            }
            read.add(seq);
        }
        // Per depth, the top nodes keep their names.
        Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        for (List<String> seq : read) {
            for (int d = 0; d < seq.size(); d++) {
                counts.computeIfAbsent(d + 1, x -> new HashMap<>()).merge(seq.get(d), 1L, Long::sum);
            }
        }
        Map<Integer, Set<String>> kept = new HashMap<>();
        counts.forEach((d, byName) -> kept.put(d, byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(q.topNodesOrDefault()).map(Map.Entry::getKey).collect(Collectors.toSet())));
        Map<String, Long> nodes = new TreeMap<>();
        Map<String, Long> links = new TreeMap<>();
        for (List<String> seq : read) {
            String previousId = null;
            for (int d = 0; d < seq.size(); d++) {
                String name = seq.get(d);
                String id = (d + 1) + ":" + (kept.get(d + 1).contains(name) ? name : "~other");
                nodes.merge(id, 1L, Long::sum);
                if (previousId != null) {
                    String link = q.endNode() != null ? id + " -> " + previousId : previousId + " -> " + id;
                    links.merge(link, 1L, Long::sum);
                }
                previousId = id;
            }
        }
        List<PathResult.Node> nodeList = new ArrayList<>();
        nodes.forEach((id, c) -> {
            int d = Integer.parseInt(id.substring(0, id.indexOf(':')));
            String name = id.substring(id.indexOf(':') + 1);
            boolean other = name.equals("~other");
            nodeList.add(new PathResult.Node(id, d, other ? "Other" : name, other, c));
        });
        nodeList.sort(Comparator.comparingInt(PathResult.Node::depth).thenComparing(PathResult.Node::other)
                .thenComparing(Comparator.comparingLong(PathResult.Node::journeys).reversed())
                .thenComparing(PathResult.Node::name));
        List<PathResult.Link> linkList = new ArrayList<>();
        links.forEach((link, c) -> {
            String[] ends = link.split(" -> ");
            linkList.add(new PathResult.Link(ends[0], ends[1], c));
        });
        linkList.sort(Comparator.comparing(PathResult.Link::source).thenComparing(PathResult.Link::target));
        return new PathResult(read.size(), nodeList, linkList, null);
    }

    // ---------------------------------------------------------------------------------------------------------------

    public RetentionResult retention(RetentionQuery q, DateSpan range) {
        List<ModeledEvent> in = scan(range.from(), range.to(), q.conditions(), q.join());
        Granularity p = q.period();
        int periods = q.periodsOrDefault();
        Map<LocalDate, Long> cohortSize = new TreeMap<>();
        Map<LocalDate, Map<Integer, Set<String>>> returned = new HashMap<>();
        for (Map.Entry<String, List<ModeledEvent>> user : byUser(in).entrySet()) {
            ModeledEvent start = user.getValue().stream().filter(e -> matches(e, q.startEvent())).findFirst().orElse(null);
            if (start == null) {
                continue;
            }
            LocalDate cohort = bucket(p, date(start));
            cohortSize.merge(cohort, 1L, Long::sum);
            String same = q.sameProperty() == null ? null : text(start, q.sameProperty());
            for (ModeledEvent e : user.getValue()) {
                if (!matches(e, q.returnEvent())) {
                    continue;
                }
                if (q.sameProperty() != null && (same == null || !same.equals(text(e, q.sameProperty())))) {
                    continue;
                }
                LocalDate b = bucket(p, date(e));
                int k = switch (p) {
                    case DAY -> (int) ChronoUnit.DAYS.between(cohort, b);
                    case WEEK -> (int) ChronoUnit.WEEKS.between(cohort, b);
                    case MONTH -> (int) ChronoUnit.MONTHS.between(cohort, b);
                };
                if (k >= 1 && k <= periods) {
                    returned.computeIfAbsent(cohort, c -> new HashMap<>()).computeIfAbsent(k, x -> new HashSet<>())
                            .add(user.getKey());
                }
            }
        }
        List<RetentionResult.Cohort> cohorts = new ArrayList<>();
        cohortSize.forEach((cohort, size) -> {
            List<Long> retained = new ArrayList<>();
            LocalDate periodStart = cohort;
            for (int k = 0; k <= periods; k++) {
                if (periodStart.isAfter(range.to())) {
                    retained.add(null);
                } else if (k == 0) {
                    retained.add(size);
                } else {
                    retained.add((long) returned.getOrDefault(cohort, Map.of()).getOrDefault(k, Set.of()).size());
                }
                periodStart = next(p, periodStart);
            }
            cohorts.add(new RetentionResult.Cohort(cohort, size, retained));
        });
        return new RetentionResult(cohorts, null);
    }

    // ---------------------------------------------------------------------------------------------------------------

    public AttributionResult attribution(AttributionQuery q, DateSpan range) {
        Window w = q.window();
        long lookBack = switch (w.unit()) {
            case SAME_DAY -> 0;
            case SESSION -> 1;
            default -> (w.millis() + DAY - 1) / DAY + 1;
        };
        List<ModeledEvent> in = scan(range.from().minusDays(lookBack), range.to(), q.conditions(), q.join());
        Predicate<ModeledEvent> isTouch = e -> q.touchPoints().events().stream().anyMatch(s -> matches(e, s))
                && e.column(q.touchPoints().type().column()) != null;
        Map<String, double[]> credit = new TreeMap<>();
        long total = 0;
        double totalValue = 0;
        long unattributed = 0;
        double unattributedValue = 0;
        for (List<ModeledEvent> user : byUser(in).values()) {
            for (ModeledEvent goal : user) {
                if (!matches(goal, q.goal()) || date(goal).isBefore(range.from())) {
                    continue;
                }
                Double v = q.goalValueProperty() == null ? Double.valueOf(1.0) : number(raw(goal, q.goalValueProperty()));
                total++;
                totalValue += v == null ? 0 : v;
                List<ModeledEvent> touches = user.stream().filter(isTouch)
                        .filter(t -> t.timeMsec() <= goal.timeMsec() && !t.eventId().equals(goal.eventId()))
                        .filter(t -> switch (w.unit()) {
                            case SAME_DAY -> date(t).equals(date(goal));
                            case SESSION -> t.sessionId() != null && t.sessionId().equals(goal.sessionId());
                            default -> goal.timeMsec() - t.timeMsec() <= w.millis();
                        }).toList();
                int n = touches.size();
                if (n == 0) {
                    unattributed++;
                    unattributedValue += v == null ? 0 : v;
                    continue;
                }
                double[] weights = new double[n];
                double halfLife = q.halfLifeDaysOrDefault() * DAY;
                double decaySum = 0;
                for (int i = 0; i < n; i++) {
                    decaySum += Math.pow(2, -(goal.timeMsec() - touches.get(i).timeMsec()) / halfLife);
                }
                for (int i = 0; i < n; i++) {
                    weights[i] = switch (q.model()) {
                        case FIRST_TOUCH -> i == 0 ? 1 : 0;
                        case LAST_TOUCH -> i == n - 1 ? 1 : 0;
                        case LINEAR -> 1.0 / n;
                        case POSITION_BASED -> n == 1 ? 1 : n == 2 ? 0.5 : i == 0 || i == n - 1 ? 0.4 : 0.2 / (n - 2);
                        case TIME_DECAY -> Math.pow(2, -(goal.timeMsec() - touches.get(i).timeMsec()) / halfLife) / decaySum;
                    };
                    if (weights[i] == 0) {
                        continue;
                    }
                    double[] c = credit.computeIfAbsent(touches.get(i).column(q.touchPoints().type().column()).toString(),
                            x -> new double[2]);
                    c[0] += weights[i];
                    c[1] += v == null ? 0 : weights[i] * v;
                }
            }
        }
        List<AttributionResult.Credit> credits = new ArrayList<>();
        credit.forEach((label, c) -> credits.add(new AttributionResult.Credit(label, c[0], c[1])));
        credits.sort(Comparator.comparingDouble(AttributionResult.Credit::conversions).reversed()
                .thenComparing(AttributionResult.Credit::touchPoint));
        return new AttributionResult(credits, total, totalValue, unattributed, unattributedValue, null);
    }

    // ---------------------------------------------------------------------------------------------------------------

    public LifecycleResult lifecycle(LifecycleQuery q, DateSpan range) {
        LocalDate firstWeek = bucket(Granularity.WEEK, range.from());
        LocalDate lastWeek = bucket(Granularity.WEEK, range.to());
        List<ModeledEvent> in = scan(null, lastWeek.plusDays(6), q.conditions(), q.join());
        Map<String, TreeSet<LocalDate>> weeks = new HashMap<>();
        Map<String, Set<LocalDate>> days = new HashMap<>();
        for (ModeledEvent e : in) {
            weeks.computeIfAbsent(e.userPseudoId(), u -> new TreeSet<>()).add(bucket(Granularity.WEEK, date(e)));
            days.computeIfAbsent(e.userPseudoId(), u -> new HashSet<>()).add(date(e));
        }
        List<LifecycleResult.Week> rows = new ArrayList<>();
        for (LocalDate week = firstWeek; !week.isAfter(lastWeek); week = week.plusWeeks(1)) {
            long created = 0, retained = 0, resurrected = 0, dormant = 0;
            for (TreeSet<LocalDate> active : weeks.values()) {
                boolean now = active.contains(week);
                boolean before = active.contains(week.minusWeeks(1));
                if (now && active.first().equals(week)) {
                    created++;
                } else if (now && before) {
                    retained++;
                } else if (now) {
                    resurrected++;
                } else if (before) {
                    dormant++;
                }
            }
            rows.add(new LifecycleResult.Week(week, created, retained, resurrected, dormant, created + retained + resurrected));
        }
        List<LifecycleResult.Day> stickiness = new ArrayList<>();
        for (LocalDate day : range.days()) {
            long dau = 0, wau = 0, mau = 0;
            for (Set<LocalDate> active : days.values()) {
                dau += active.contains(day) ? 1 : 0;
                LocalDate d = day;
                wau += active.stream().anyMatch(a -> !a.isAfter(d) && !a.isBefore(d.minusDays(6))) ? 1 : 0;
                mau += active.stream().anyMatch(a -> !a.isAfter(d) && !a.isBefore(d.minusDays(29))) ? 1 : 0;
            }
            stickiness.add(new LifecycleResult.Day(day, dau, wau, mau, wau == 0 ? null : (double) dau / wau,
                    mau == 0 ? null : (double) dau / mau));
        }
        return new LifecycleResult(rows, stickiness, null);
    }
}
