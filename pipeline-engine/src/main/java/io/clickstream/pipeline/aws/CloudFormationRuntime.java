package io.clickstream.pipeline.aws;

import io.clickstream.pipeline.lifecycle.PipelineAction;
import io.clickstream.pipeline.lifecycle.PipelineRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys a pipeline's CDK synth output with CloudFormation and follows it: create and update deploy the stacks in
 * dependency order (a stack that does not exist yet is created, one left rolled back by a failed create is deleted
 * and created again, an unchanged one is left as it is), delete removes them in reverse order. Every stack event of
 * the operation is reported as progress; a stack that ends rolled back or failed fails the step, naming the resource
 * that failed first, its type and CloudFormation's reason. A step given again (a studio restart) follows the
 * operation already under way instead of starting another. Operations carry a client request token derived from the
 * pipeline, the step and the stack, which tells their events from older ones.
 */
public final class CloudFormationRuntime implements PipelineRuntime {

    private static final Logger log = LoggerFactory.getLogger(CloudFormationRuntime.class);
    /** CloudFormation's limit for a template passed inline; larger ones go through S3. */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;
    private static final List<Capability> CAPABILITIES =
            List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);

    /**
     * How templates are deployed.
     *
     * @param templateBucket a bucket for templates over 51,200 bytes, null when there is none (such a template then
     *                       fails its step with that explanation)
     * @param templatePrefix key prefix in that bucket, e.g. {@code clickstream/templates/}
     * @param parameters     values of template parameters (only those a template declares are passed)
     * @param pollInterval   pause between two looks at a stack's events
     * @param stackTimeout   longest wait for one stack's operation
     */
    public record Settings(String templateBucket, String templatePrefix, Map<String, String> parameters,
                           Duration pollInterval, Duration stackTimeout) {

        public Settings {
            templatePrefix = templatePrefix == null ? "" : templatePrefix;
            parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
            pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
            stackTimeout = stackTimeout == null ? Duration.ofHours(2) : stackTimeout;
        }
    }

    private final CloudFormationClient cloudFormation;
    private final S3Client s3;
    private final CloudAssemblySource assemblies;
    private final Settings settings;
    private final Executor executor;
    private final Clock clock;

    /**
     * @param s3       for templates too large to pass inline; may be null when no template bucket is set
     * @param executor runs each step (one thread per running step)
     */
    public CloudFormationRuntime(CloudFormationClient cloudFormation, S3Client s3, CloudAssemblySource assemblies,
                                 Settings settings, Executor executor, Clock clock) {
        this.cloudFormation = cloudFormation;
        this.s3 = s3;
        this.assemblies = assemblies;
        this.settings = settings;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void start(PipelineStep step, StepListener listener) {
        executor.execute(() -> run(step, listener));
    }

    private void run(PipelineStep step, StepListener listener) {
        String name = step.pipeline().name();
        try {
            CloudAssembly assembly = CloudAssembly.read(assemblies.synthesize(step.pipeline(), step.productVersion()));
            List<CloudAssembly.Stack> stacks = assembly.stacks();
            if (step.action() == PipelineAction.DELETE) {
                for (CloudAssembly.Stack stack : reversed(stacks)) {
                    Outcome outcome = new Operation(step, stack, listener).delete();
                    if (!outcome.ok()) {
                        listener.failed(outcome.reason());
                        return;
                    }
                }
                listener.succeeded(stacks.size() + " stack" + (stacks.size() == 1 ? "" : "s") + " deleted", Map.of());
                return;
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (CloudAssembly.Stack stack : stacks) {
                Outcome outcome = new Operation(step, stack, listener).deploy();
                if (!outcome.ok()) {
                    listener.failed(outcome.reason());
                    return;
                }
                outputs.putAll(outcome.outputs());
            }
            listener.succeeded(stacks.size() + " stack" + (stacks.size() == 1 ? "" : "s") + " deployed: "
                    + String.join(", ", stacks.stream().map(CloudAssembly.Stack::stackName).toList()), outputs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.failed("the " + step.action().word() + " of '" + name + "' was interrupted (the studio is "
                    + "stopping); it resumes at the next start");
        } catch (CloudFormationException e) {
            log.warn("pipeline {}: CloudFormation refused a request", name, e);
            listener.failed("CloudFormation refused the request: " + errorMessage(e));
        } catch (RuntimeException | IOException e) {
            log.warn("pipeline {}: the {} failed", name, step.action().word(), e);
            listener.failed("the " + step.action().word() + " failed: " + e.getMessage());
        }
    }

    /** The end of one stack's operation. */
    private record Outcome(boolean ok, String reason, Map<String, String> outputs) {
    }

    /** One stack of one step: what to call, and following its events to the end. */
    private final class Operation {

        private final PipelineStep step;
        private final CloudAssembly.Stack stack;
        private final StepListener listener;
        private final String stackName;
        private String stackId;

        Operation(PipelineStep step, CloudAssembly.Stack stack, StepListener listener) {
            this.step = step;
            this.stack = stack;
            this.listener = listener;
            this.stackName = stack.stackName();
        }

        Outcome deploy() throws InterruptedException, IOException {
            // A few rounds at most: wait for a running operation, delete a rolled-back create, then deploy.
            for (int round = 0; round < 4; round++) {
                Optional<Stack> current = describe(stackName);
                String status = current.map(Stack::stackStatusAsString).orElse("DELETE_COMPLETE");
                current.ifPresent(s -> stackId = s.stackId());
                if (!StackStatuses.settled(status)) {
                    listener.progress(stackName + " is " + status + ": following the operation under way");
                    follow(newestToken());
                    continue;
                }
                switch (status) {
                    case "DELETE_COMPLETE" -> {
                        return create();
                    }
                    case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED" -> {
                        listener.progress(stackName + " is " + status + " after a failed create: deleting it to "
                                + "create it again");
                        Outcome deleted = deleteExisting("cleanup");
                        if (!deleted.ok()) {
                            return deleted;
                        }
                    }
                    case "UPDATE_ROLLBACK_FAILED" -> {
                        return new Outcome(false, stackName + " is UPDATE_ROLLBACK_FAILED: continue its rollback in the "
                                + "CloudFormation console (or delete the pipeline), then retry", Map.of());
                    }
                    case "DELETE_FAILED" -> {
                        return new Outcome(false, stackName + " failed to delete earlier (DELETE_FAILED): delete the "
                                + "pipeline again to finish removing it", Map.of());
                    }
                    default -> {
                        return update();
                    }
                }
            }
            return new Outcome(false, stackName + " did not settle after several operations; retry", Map.of());
        }

        Outcome delete() throws InterruptedException {
            for (int round = 0; round < 3; round++) {
                Optional<Stack> current = describe(stackName);
                if (current.isEmpty()) {
                    listener.progress(stackName + " does not exist: nothing to delete");
                    return new Outcome(true, "", Map.of());
                }
                stackId = current.get().stackId();
                String status = current.get().stackStatusAsString();
                if (StackStatuses.settled(status)) {
                    return deleteExisting("delete");
                }
                listener.progress(stackName + " is " + status + ": following the operation under way");
                follow(newestToken());
            }
            return new Outcome(false, stackName + " did not settle; retry the delete", Map.of());
        }

        private Outcome create() throws InterruptedException, IOException {
            String token = token("create");
            Template template = template();
            stackId = cloudFormation.createStack(b -> b.stackName(stackName)
                    .templateBody(template.body()).templateURL(template.url())
                    .parameters(parameters()).capabilities(CAPABILITIES).tags(tags())
                    .clientRequestToken(token)).stackId();
            Stack done = follow(token);
            return result(done, "CREATE_COMPLETE");
        }

        private Outcome update() throws InterruptedException, IOException {
            String token = token("update");
            Template template = template();
            try {
                cloudFormation.updateStack(b -> b.stackName(stackName)
                        .templateBody(template.body()).templateURL(template.url())
                        .parameters(parameters()).capabilities(CAPABILITIES).tags(tags())
                        .clientRequestToken(token));
            } catch (CloudFormationException e) {
                if (errorMessage(e).contains("No updates are to be performed")) {
                    listener.progress(stackName + " is up to date");
                    return new Outcome(true, "", outputs(describe(stackId).orElseThrow()));
                }
                throw e;
            }
            return result(follow(token), "UPDATE_COMPLETE");
        }

        private Outcome deleteExisting(String purpose) throws InterruptedException {
            String token = token(purpose);
            cloudFormation.deleteStack(b -> b.stackName(stackName).clientRequestToken(token));
            return result(follow(token), "DELETE_COMPLETE");
        }

        private Outcome result(Stack done, String wanted) {
            String status = done.stackStatusAsString();
            if (status.equals(wanted)) {
                return new Outcome(true, "", outputs(done));
            }
            String cause = firstFailure == null
                    ? (done.stackStatusReason() == null ? "no reason given" : done.stackStatusReason())
                    : line(firstFailure);
            String what = status.startsWith("ROLLBACK") || status.startsWith("UPDATE_ROLLBACK") ? "rolled back"
                    : "ended";
            return new Outcome(false, stackName + " " + what + " (" + status + "): " + cause, Map.of());
        }

        private StackEvent firstFailure;
        private final Set<String> seen = new HashSet<>();

        /** Reports the operation's events until the stack settles, and returns the settled stack. */
        private Stack follow(String token) throws InterruptedException {
            Instant deadline = clock.instant().plus(settings.stackTimeout());
            firstFailure = null;
            while (true) {
                reportNewEvents(token);
                Stack stack = describe(stackId).orElseThrow(() ->
                        new IllegalStateException(stackName + " vanished while it was being followed"));
                if (StackStatuses.settled(stack.stackStatusAsString())) {
                    reportNewEvents(token); // the events that came with the last status change
                    return stack;
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException(stackName + " is still " + stack.stackStatusAsString()
                            + " after " + settings.stackTimeout().toMinutes() + " minutes");
                }
                Thread.sleep(settings.pollInterval().toMillis());
            }
        }

        /** Events are listed newest first, page by page; the operation's new ones are reported oldest first. */
        private void reportNewEvents(String token) {
            List<StackEvent> fresh = new ArrayList<>();
            String next = null;
            pages:
            for (int page = 0; page < 10; page++) {
                String nextToken = next;
                DescribeStackEventsResponse response =
                        cloudFormation.describeStackEvents(b -> b.stackName(stackId).nextToken(nextToken));
                for (StackEvent event : response.stackEvents()) {
                    if (seen.contains(event.eventId()) || token != null && !token.equals(event.clientRequestToken())) {
                        break pages;
                    }
                    fresh.add(event);
                }
                next = response.nextToken();
                if (next == null) {
                    break;
                }
            }
            for (StackEvent event : reversed(fresh)) {
                seen.add(event.eventId());
                String status = event.resourceStatusAsString();
                boolean ownFailure = status != null && status.endsWith("_FAILED")
                        && !stackName.equals(event.logicalResourceId());
                String reason = event.resourceStatusReason() == null ? "" : event.resourceStatusReason();
                if (firstFailure == null && ownFailure && !reason.contains("cancelled")) {
                    firstFailure = event;
                }
                listener.progress(stackName + ": " + line(event));
            }
        }

        private String newestToken() {
            List<StackEvent> events = cloudFormation.describeStackEvents(b -> b.stackName(stackId)).stackEvents();
            return events.isEmpty() ? null : events.get(0).clientRequestToken();
        }

        private String line(StackEvent e) {
            String reason = e.resourceStatusReason() == null || e.resourceStatusReason().isBlank() ? ""
                    : ": " + e.resourceStatusReason();
            return e.logicalResourceId() + " (" + e.resourceType() + ") "
                    + e.resourceStatusAsString() + reason;
        }

        private Optional<Stack> describe(String nameOrId) {
            try {
                return cloudFormation.describeStacks(b -> b.stackName(nameOrId)).stacks().stream().findFirst();
            } catch (CloudFormationException e) {
                if (errorMessage(e).contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        private List<Parameter> parameters() {
            List<Parameter> out = new ArrayList<>();
            for (String name : stack.parameterNames()) {
                String value = settings.parameters().get(name);
                if (value != null) {
                    out.add(Parameter.builder().parameterKey(name).parameterValue(value).build());
                }
            }
            return out;
        }

        private List<Tag> tags() {
            Map<String, String> tags = new LinkedHashMap<>(step.pipeline().definition().tags());
            tags.put("clickstream:pipeline", step.pipeline().name());
            tags.put("clickstream:version", step.productVersion());
            return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        }

        /** The token of this step's operation of {@code purpose} on this stack: the same when the step is resumed. */
        private String token(String purpose) {
            return "clickstream-" + step.number() + "-" + purpose + "-"
                    + sha256(step.pipeline().id() + "/" + stackName).substring(0, 16);
        }

        private Template template() throws IOException {
            byte[] body = Files.readAllBytes(stack.templateFile());
            if (body.length <= MAX_TEMPLATE_BODY_BYTES) {
                return new Template(new String(body, StandardCharsets.UTF_8), null);
            }
            if (s3 == null || settings.templateBucket() == null) {
                throw new IllegalStateException("the template of " + stackName + " is " + body.length + " bytes, over "
                        + "CloudFormation's " + MAX_TEMPLATE_BODY_BYTES + " for an inline template: configure a "
                        + "template bucket");
            }
            String key = settings.templatePrefix() + step.pipeline().name() + "/" + stackName + "-"
                    + sha256(body).substring(0, 16) + ".template.json";
            s3.putObject(b -> b.bucket(settings.templateBucket()).key(key).contentType("application/json"),
                    RequestBody.fromBytes(body));
            String url = s3.utilities().getUrl(b -> b.bucket(settings.templateBucket()).key(key)).toExternalForm();
            listener.progress(stackName + ": template of " + body.length + " bytes uploaded to " + url);
            return new Template(null, url);
        }
    }

    /** A template passed inline ({@code body}) or by its S3 URL. */
    private record Template(String body, String url) {
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    private static String errorMessage(CloudFormationException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
