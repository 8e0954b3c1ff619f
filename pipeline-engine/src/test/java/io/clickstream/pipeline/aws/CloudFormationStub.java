package io.clickstream.pipeline.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for the CloudFormation query API (and S3 PutObject for large templates), started on a free port
 * by the test. It records every request exactly as the SDK sent it (form fields, signature header) and plays stack
 * operations the way CloudFormation does: a CreateStack emits, a few per poll, the stack's CREATE_IN_PROGRESS, each
 * template resource's CREATE_IN_PROGRESS / "Resource creation Initiated" / CREATE_COMPLETE, then CREATE_COMPLETE;
 * a resource told to fail emits CREATE_FAILED with its reason, the resources started with it are cancelled, and the
 * stack rolls back (ROLLBACK_IN_PROGRESS, resources deleted in reverse, ROLLBACK_COMPLETE). Updates and deletes
 * likewise (UPDATE_ROLLBACK_COMPLETE, DELETE_FAILED). An update with the same template and parameters answers
 * "No updates are to be performed."; a deleted stack is gone by name but still described by its id. Events are
 * listed newest first in pages of {@value #EVENTS_PAGE}, with NextToken.
 */
final class CloudFormationStub implements AutoCloseable {

    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final int EVENTS_PAGE = 4;
    private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request to the CloudFormation API: its form fields and its Authorization header. */
    record Request(Map<String, String> form, String authorization) {
        String action() {
            return form.get("Action");
        }
    }

    private record Event(String id, String logicalId, String type, String status, String reason, String token,
                         Instant at) {
    }

    private static final class FakeStack {
        final String name;
        final String id;
        String status;
        String statusReason;
        String template;
        Map<String, String> parameters = Map.of();
        final List<Event> events = new ArrayList<>(); // oldest first
        final Deque<Runnable> pending = new ArrayDeque<>(); // one per poll
        Map<String, String> outputs = Map.of();

        FakeStack(String name) {
            this.name = name;
            this.id = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + name + "/" + UUID.randomUUID();
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** S3 objects put by the SDK: "bucket/key" to body. */
    final Map<String, String> objects = new ConcurrentHashMap<>();
    private final Map<String, FakeStack> byName = new ConcurrentHashMap<>();
    private final Map<String, FakeStack> byId = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>(); // "stack/op/logicalId" -> reason
    private final Map<String, Map<String, String>> outputValues = new ConcurrentHashMap<>();
    private Instant clock = Instant.parse("2026-03-01T12:00:00Z");
    /** Steps of an operation played between two polls (CloudFormation moves on while the caller sleeps). */
    private static final int STEPS_PER_POLL = 3;

    CloudFormationStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The resource fails its create / update / delete ({@code op}) in that stack with CloudFormation's reason. */
    void fail(String stackName, String op, String logicalId, String reason) {
        failures.put(stackName + "/" + op + "/" + logicalId, reason);
    }

    void succeedAgain(String stackName, String op, String logicalId) {
        failures.remove(stackName + "/" + op + "/" + logicalId);
    }

    /** The values the stack's outputs resolve to once created. */
    void outputs(String stackName, Map<String, String> values) {
        outputValues.put(stackName, values);
    }

    /** Forgets every stack, request, object and scripted failure (one stub serves a whole test class). */
    synchronized void reset() {
        requests.clear();
        objects.clear();
        byName.clear();
        byId.clear();
        failures.clear();
        outputValues.clear();
    }

    /** Requests of these actions, in order. */
    List<Request> requests(String... actions) {
        List<String> wanted = List.of(actions);
        return requests.stream().filter(r -> wanted.contains(r.action())).toList();
    }

    synchronized String status(String stackName) {
        FakeStack s = byName.get(stackName);
        return s == null ? null : s.status;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            if (exchange.getRequestMethod().equals("PUT")) {
                putObject(exchange, body);
                return;
            }
            Map<String, String> form = new TreeMap<>();
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            requests.add(new Request(Collections.unmodifiableMap(form),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            String xml;
            synchronized (this) {
                xml = switch (form.getOrDefault("Action", "")) {
                    case "CreateStack" -> createStack(form);
                    case "UpdateStack" -> updateStack(form);
                    case "DeleteStack" -> deleteStack(form);
                    case "DescribeStacks" -> describeStacks(form);
                    case "DescribeStackEvents" -> describeStackEvents(form);
                    default -> throw new Refusal("InvalidAction", "unknown action " + form.get("Action"));
                };
            }
            respond(exchange, 200, xml);
        } catch (Refusal e) {
            respond(exchange, 400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + e.code
                    + "</Code><Message>" + esc(e.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID()
                    + "</RequestId></ErrorResponse>");
        }
    }

    private static final class Refusal extends RuntimeException {
        final String code;

        Refusal(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private String createStack(Map<String, String> form) {
        String name = form.get("StackName");
        FakeStack existing = byName.get(name);
        if (existing != null) {
            throw new Refusal("AlreadyExistsException", "Stack [" + name + "] already exists");
        }
        FakeStack s = new FakeStack(name);
        s.template = template(form);
        s.parameters = parameters(form);
        byName.put(name, s);
        byId.put(s.id, s);
        String token = form.get("ClientRequestToken");
        event(s, name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated", token);
        s.status = "CREATE_IN_PROGRESS";
        List<String[]> resources = resources(s.template);
        List<String[]> started = new ArrayList<>();
        for (String[] r : resources) {
            String reason = failures.get(name + "/create/" + r[0]);
            s.pending.add(() -> event(s, r[0], r[1], "CREATE_IN_PROGRESS", null, token));
            if (reason != null) {
                s.pending.add(() -> {
                    event(s, r[0], r[1], "CREATE_FAILED", reason, token);
                    for (String[] other : started) {
                        if (!isComplete(s, other[0])) {
                            event(s, other[0], other[1], "CREATE_FAILED", "Resource creation cancelled", token);
                        }
                    }
                });
                String failedList = r[0];
                s.pending.add(() -> {
                    s.status = "ROLLBACK_IN_PROGRESS";
                    s.statusReason = "The following resource(s) failed to create: [" + failedList
                            + "]. Rollback requested by user.";
                    event(s, name, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", s.statusReason, token);
                });
                List<String[]> rollBack = new ArrayList<>(started);
                rollBack.add(r);
                Collections.reverse(rollBack);
                for (String[] done : rollBack) {
                    s.pending.add(() -> event(s, done[0], done[1], "DELETE_IN_PROGRESS", null, token));
                    s.pending.add(() -> event(s, done[0], done[1], "DELETE_COMPLETE", null, token));
                }
                s.pending.add(() -> {
                    s.status = "ROLLBACK_COMPLETE";
                    s.statusReason = null;
                    event(s, name, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null, token);
                });
                return "<CreateStackResponse xmlns=\"" + NS + "\"><CreateStackResult><StackId>" + s.id
                        + "</StackId></CreateStackResult>" + meta() + "</CreateStackResponse>";
            }
            s.pending.add(() -> event(s, r[0], r[1], "CREATE_IN_PROGRESS", "Resource creation Initiated", token));
            s.pending.add(() -> event(s, r[0], r[1], "CREATE_COMPLETE", null, token));
            started.add(r);
        }
        s.pending.add(() -> {
            s.status = "CREATE_COMPLETE";
            s.outputs = outputsOf(s);
            event(s, name, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null, token);
        });
        return "<CreateStackResponse xmlns=\"" + NS + "\"><CreateStackResult><StackId>" + s.id
                + "</StackId></CreateStackResult>" + meta() + "</CreateStackResponse>";
    }

    private String updateStack(Map<String, String> form) {
        FakeStack s = live(form.get("StackName"));
        if (!s.pending.isEmpty() || !s.status.endsWith("_COMPLETE") || s.status.equals("ROLLBACK_COMPLETE")) {
            throw new Refusal("ValidationError", "Stack:" + s.id + " is in " + s.status
                    + " state and can not be updated.");
        }
        String template = template(form);
        Map<String, String> parameters = parameters(form);
        if (template.equals(s.template) && parameters.equals(s.parameters)) {
            throw new Refusal("ValidationError", "No updates are to be performed.");
        }
        String token = form.get("ClientRequestToken");
        String name = s.name;
        event(s, name, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated", token);
        s.status = "UPDATE_IN_PROGRESS";
        for (String[] r : resources(template)) {
            String reason = failures.get(name + "/update/" + r[0]);
            s.pending.add(() -> event(s, r[0], r[1], "UPDATE_IN_PROGRESS", null, token));
            if (reason != null) {
                s.pending.add(() -> event(s, r[0], r[1], "UPDATE_FAILED", reason, token));
                s.pending.add(() -> {
                    s.status = "UPDATE_ROLLBACK_IN_PROGRESS";
                    s.statusReason = "The following resource(s) failed to update: [" + r[0] + "].";
                    event(s, name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", s.statusReason, token);
                });
                s.pending.add(() -> event(s, r[0], r[1], "UPDATE_IN_PROGRESS", null, token));
                s.pending.add(() -> event(s, r[0], r[1], "UPDATE_COMPLETE", null, token));
                s.pending.add(() -> {
                    s.status = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
                    event(s, name, "AWS::CloudFormation::Stack", s.status, null, token);
                });
                s.pending.add(() -> {
                    s.status = "UPDATE_ROLLBACK_COMPLETE";
                    s.statusReason = null;
                    event(s, name, "AWS::CloudFormation::Stack", s.status, null, token);
                });
                return "<UpdateStackResponse xmlns=\"" + NS + "\"><UpdateStackResult><StackId>" + s.id
                        + "</StackId></UpdateStackResult>" + meta() + "</UpdateStackResponse>";
            }
            s.pending.add(() -> event(s, r[0], r[1], "UPDATE_COMPLETE", null, token));
        }
        s.pending.add(() -> {
            s.status = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
            event(s, name, "AWS::CloudFormation::Stack", s.status, null, token);
        });
        s.pending.add(() -> {
            s.status = "UPDATE_COMPLETE";
            s.template = template;
            s.parameters = parameters;
            s.outputs = outputsOf(s);
            event(s, name, "AWS::CloudFormation::Stack", s.status, null, token);
        });
        return "<UpdateStackResponse xmlns=\"" + NS + "\"><UpdateStackResult><StackId>" + s.id
                + "</StackId></UpdateStackResult>" + meta() + "</UpdateStackResponse>";
    }

    private String deleteStack(Map<String, String> form) {
        FakeStack s = byName.get(form.get("StackName"));
        if (s == null) {
            s = byId.get(form.get("StackName"));
        }
        if (s == null || s.status.equals("DELETE_COMPLETE")) {
            return "<DeleteStackResponse xmlns=\"" + NS + "\">" + meta() + "</DeleteStackResponse>"; // as CloudFormation
        }
        FakeStack stack = s;
        String token = form.get("ClientRequestToken");
        String name = s.name;
        // A stack rolled back after a failed create holds no resources any more.
        List<String[]> reversed = new ArrayList<>(s.status.equals("ROLLBACK_COMPLETE") ? List.of() : resources(s.template));
        Collections.reverse(reversed);
        event(s, name, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated", token);
        s.status = "DELETE_IN_PROGRESS";
        for (String[] r : reversed) {
            String reason = failures.get(name + "/delete/" + r[0]);
            s.pending.add(() -> event(stack, r[0], r[1], "DELETE_IN_PROGRESS", null, token));
            if (reason != null) {
                s.pending.add(() -> event(stack, r[0], r[1], "DELETE_FAILED", reason, token));
                s.pending.add(() -> {
                    stack.status = "DELETE_FAILED";
                    stack.statusReason = "The following resource(s) failed to delete: [" + r[0] + "]. ";
                    event(stack, name, "AWS::CloudFormation::Stack", "DELETE_FAILED", stack.statusReason, token);
                });
                return "<DeleteStackResponse xmlns=\"" + NS + "\">" + meta() + "</DeleteStackResponse>";
            }
            s.pending.add(() -> event(stack, r[0], r[1], "DELETE_COMPLETE", null, token));
        }
        s.pending.add(() -> {
            stack.status = "DELETE_COMPLETE";
            stack.statusReason = null;
            event(stack, name, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null, token);
            byName.remove(name);
        });
        return "<DeleteStackResponse xmlns=\"" + NS + "\">" + meta() + "</DeleteStackResponse>";
    }

    private String describeStacks(Map<String, String> form) {
        FakeStack s = lookup(form.get("StackName"));
        for (int i = 0; i < STEPS_PER_POLL && !s.pending.isEmpty(); i++) {
            s.pending.poll().run();
        }
        StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"" + NS + "\"><DescribeStacksResult>"
                + "<Stacks><member><StackName>" + s.name + "</StackName><StackId>" + s.id + "</StackId>"
                + "<CreationTime>2026-03-01T12:00:00.000Z</CreationTime><StackStatus>" + s.status + "</StackStatus>");
        if (s.statusReason != null) {
            xml.append("<StackStatusReason>").append(esc(s.statusReason)).append("</StackStatusReason>");
        }
        xml.append("<Outputs>");
        s.outputs.forEach((k, v) -> xml.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
                .append(esc(v)).append("</OutputValue></member>"));
        xml.append("</Outputs></member></Stacks></DescribeStacksResult>").append(meta())
                .append("</DescribeStacksResponse>");
        return xml.toString();
    }

    private String describeStackEvents(Map<String, String> form) {
        FakeStack s = lookup(form.get("StackName"));
        int from = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
        List<Event> newestFirst = new ArrayList<>(s.events);
        Collections.reverse(newestFirst);
        int to = Math.min(from + EVENTS_PAGE, newestFirst.size());
        StringBuilder xml = new StringBuilder("<DescribeStackEventsResponse xmlns=\"" + NS + "\">"
                + "<DescribeStackEventsResult><StackEvents>");
        for (Event e : newestFirst.subList(from, to)) {
            xml.append("<member><EventId>").append(e.id).append("</EventId><StackName>").append(s.name)
                    .append("</StackName><StackId>").append(s.id).append("</StackId><LogicalResourceId>")
                    .append(e.logicalId).append("</LogicalResourceId><ResourceType>").append(e.type)
                    .append("</ResourceType><Timestamp>").append(e.at).append("</Timestamp><ResourceStatus>")
                    .append(e.status).append("</ResourceStatus>");
            if (e.reason != null) {
                xml.append("<ResourceStatusReason>").append(esc(e.reason)).append("</ResourceStatusReason>");
            }
            if (e.token != null) {
                xml.append("<ClientRequestToken>").append(e.token).append("</ClientRequestToken>");
            }
            xml.append("</member>");
        }
        xml.append("</StackEvents>");
        if (to < newestFirst.size()) {
            xml.append("<NextToken>").append(to).append("</NextToken>");
        }
        return xml.append("</DescribeStackEventsResult>").append(meta()).append("</DescribeStackEventsResponse>")
                .toString();
    }

    private FakeStack lookup(String nameOrId) {
        FakeStack s = nameOrId != null && nameOrId.startsWith("arn:") ? byId.get(nameOrId) : byName.get(nameOrId);
        if (s == null) {
            throw new Refusal("ValidationError", "Stack with id " + nameOrId + " does not exist");
        }
        return s;
    }

    private FakeStack live(String nameOrId) {
        FakeStack s = lookup(nameOrId);
        if (s.status.equals("DELETE_COMPLETE")) {
            throw new Refusal("ValidationError", "Stack with id " + nameOrId + " does not exist");
        }
        return s;
    }

    private boolean isComplete(FakeStack s, String logicalId) {
        return s.events.stream().anyMatch(e -> e.logicalId.equals(logicalId) && e.status.equals("CREATE_COMPLETE"));
    }

    private void event(FakeStack s, String logicalId, String type, String status, String reason, String token) {
        clock = clock.plus(Duration.ofMillis(1500));
        s.events.add(new Event(UUID.randomUUID().toString(), logicalId, type, status, reason, token, clock));
    }

    private String template(Map<String, String> form) {
        if (form.containsKey("TemplateBody")) {
            return form.get("TemplateBody");
        }
        String url = form.get("TemplateURL");
        if (url == null) {
            throw new Refusal("ValidationError", "Either Template URL or Template Body must be specified.");
        }
        String path = URI.create(url).getPath().substring(1);
        String body = objects.get(path);
        if (body == null) {
            throw new Refusal("ValidationError", "S3 error: Access Denied for " + url);
        }
        return body;
    }

    private static Map<String, String> parameters(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
            out.put(form.get("Parameters.member." + i + ".ParameterKey"),
                    form.get("Parameters.member." + i + ".ParameterValue"));
        }
        return out;
    }

    /** The template's resources (logical id, type) in the order written, as CloudFormation starts independent ones. */
    private static List<String[]> resources(String template) {
        try {
            List<String[]> out = new ArrayList<>();
            JsonNode resources = JSON.readTree(template).path("Resources");
            resources.fields().forEachRemaining(e -> out.add(new String[] {e.getKey(), e.getValue().path("Type").asText()}));
            return out;
        } catch (IOException e) {
            throw new Refusal("ValidationError", "Template format error: JSON not well-formed.");
        }
    }

    private Map<String, String> outputsOf(FakeStack s) {
        Map<String, String> configured = outputValues.getOrDefault(s.name, Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JSON.readTree(s.template).path("Outputs").fieldNames().forEachRemaining(k ->
                    out.put(k, configured.getOrDefault(k, s.name + "-" + k)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void putObject(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(1);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        boolean chunked = encoding != null && encoding.contains("aws-chunked") || sha != null && sha.startsWith("STREAMING");
        objects.put(path, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("ETag", "\"" + UUID.randomUUID() + "\"");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** Decodes the aws-chunked body the SDK sends with a trailing checksum. */
    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            String header = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i < body.length - 1; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("bad aws-chunked body");
    }

    private static String meta() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
