package io.clickstream.pipeline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.metadata.sqlite.SqliteMetadataStore;
import io.clickstream.pipeline.definition.PipelineDefinition;
import io.clickstream.pipeline.definition.PipelineDefinitionCodec;
import io.clickstream.pipeline.definition.RuntimeMode;
import io.clickstream.pipeline.lifecycle.Pipeline;
import io.clickstream.pipeline.lifecycle.PipelineAction;
import io.clickstream.pipeline.lifecycle.PipelineRepository;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.PipelineStep;
import io.clickstream.pipeline.lifecycle.PipelineRuntime.StepListener;
import io.clickstream.pipeline.lifecycle.PipelineService;
import io.clickstream.pipeline.lifecycle.PipelineStateMachine;
import io.clickstream.pipeline.lifecycle.PipelineStatus;
import io.clickstream.pipeline.lifecycle.StatusChange;
import io.clickstream.pipeline.validation.PipelineValidator;
import io.clickstream.pipeline.validation.PortProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

class CloudFormationRuntimeTest {

    private static final Path CDK_OUT = Path.of("src/test/resources/aws/cdk.out");
    private static final String LAKE = "clickstream-shop-lake";
    private static final String INGESTION = "clickstream-shop-ingestion";
    private static final String SERVICE_FAILURE = "Resource handler returned message: \"Invalid request provided: "
            + "CreateService error: The target group with targetGroupArn arn:aws:elasticloadbalancing:eu-west-1:"
            + "123456789012:targetgroup/clickstream-shop/0123456789abcdef does not have an associated load balancer.\" "
            + "(RequestToken: 0c1d2e3f, HandlerErrorCode: InvalidRequest)";

    @TempDir
    Path dir;

    // One stub and one pair of clients for the class: the SDK takes seconds to start on a busy machine.
    private static CloudFormationStub stub;
    private static CloudFormationClient cloudFormation;
    private static S3Client s3;
    private ExecutorService executor;
    private final PipelineStateMachine machine = new PipelineStateMachine(Clock.systemUTC());
    private Path assembly = CDK_OUT;

    /** What a step reported: its progress lines and how it ended. */
    static class Recorder implements StepListener {
        final List<String> progress = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        volatile Map<String, String> outputs;

        @Override
        public void progress(String reason) {
            progress.add(reason);
        }

        @Override
        public void succeeded(String reason, Map<String, String> outputs) {
            this.outputs = outputs;
            outcome.complete("succeeded: " + reason);
        }

        @Override
        public void failed(String reason) {
            outcome.complete("failed: " + reason);
        }

        @Override
        public void degraded(String reason) {
            throw new AssertionError("a CloudFormation step reports no health: " + reason);
        }

        @Override
        public void recovered(String reason) {
            throw new AssertionError("a CloudFormation step reports no health: " + reason);
        }

        String await() throws Exception {
            return outcome.get(30, TimeUnit.SECONDS);
        }
    }

    @BeforeAll
    static void startStub() throws IOException {
        stub = new CloudFormationStub();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG"));
        cloudFormation = CloudFormationClient.builder().endpointOverride(stub.endpoint())
                .region(Region.of(CloudFormationStub.REGION)).credentialsProvider(credentials).build();
        s3 = S3Client.builder().endpointOverride(stub.endpoint()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.of(CloudFormationStub.REGION)).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stopStub() {
        cloudFormation.close();
        s3.close();
        stub.close();
    }

    @BeforeEach
    void start() {
        stub.reset();
        executor = Executors.newCachedThreadPool();
        stub.outputs(INGESTION, Map.of("IngestionEndpoint",
                "http://clickstream-shop-1234567890.eu-west-1.elb.amazonaws.com/collect"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private CloudFormationRuntime runtime(String bucket, Map<String, String> parameters) {
        return new CloudFormationRuntime(cloudFormation, s3, (pipeline, version) -> assembly,
                new CloudFormationRuntime.Settings(bucket, "templates/", parameters, Duration.ofMillis(2),
                        Duration.ofMinutes(1)), executor, Clock.systemUTC());
    }

    private CloudFormationRuntime runtime() {
        return runtime(null, Map.of("CollectorImage", "public.ecr.aws/clickstream/collector:1.0.0"));
    }

    private static PipelineDefinition shop() {
        return PipelineDefinitionCodec.read("""
                name: shop
                runtime: aws
                region: eu-west-1
                tags: {owner: data-platform}
                modeling: {athena: {enabled: true}}
                """);
    }

    private Pipeline pipeline() {
        return machine.create("p-shop", "shop-project", shop(), "alice");
    }

    private String step(CloudFormationRuntime runtime, Pipeline p, PipelineAction action, long number, Recorder r)
            throws Exception {
        runtime.start(new PipelineStep(p, action, number, "1.0.0"), r);
        return r.await();
    }

    @Test
    void create_deploys_the_stacks_in_dependency_order_with_the_exact_requests() throws Exception {
        Recorder r = new Recorder();

        String outcome = step(runtime(), pipeline(), PipelineAction.CREATE, 1, r);

        assertThat(outcome).isEqualTo("succeeded: 2 stacks deployed: " + LAKE + ", " + INGESTION);
        List<CloudFormationStub.Request> creates = stub.requests("CreateStack");
        assertThat(creates).extracting(c -> c.form().get("StackName")).containsExactly(LAKE, INGESTION);
        Map<String, String> form = creates.get(1).form();
        assertThat(form).containsEntry("Action", "CreateStack").containsEntry("Version", "2010-05-15")
                .containsEntry("TemplateBody", Files.readString(CDK_OUT.resolve(INGESTION + ".template.json")))
                .containsEntry("Parameters.member.1.ParameterKey", "CollectorImage")
                .containsEntry("Parameters.member.1.ParameterValue", "public.ecr.aws/clickstream/collector:1.0.0")
                .doesNotContainKey("Parameters.member.2.ParameterKey") // BootstrapVersion keeps its default
                .containsEntry("Capabilities.member.1", "CAPABILITY_IAM")
                .containsEntry("Capabilities.member.2", "CAPABILITY_NAMED_IAM")
                .containsEntry("Capabilities.member.3", "CAPABILITY_AUTO_EXPAND")
                .containsEntry("Tags.member.1.Key", "owner").containsEntry("Tags.member.1.Value", "data-platform")
                .containsEntry("Tags.member.2.Key", "clickstream:pipeline").containsEntry("Tags.member.2.Value", "shop")
                .containsEntry("Tags.member.3.Key", "clickstream:version").containsEntry("Tags.member.3.Value", "1.0.0")
                .doesNotContainKey("TemplateURL");
        assertThat(form.get("ClientRequestToken")).matches("clickstream-1-create-[0-9a-f]{16}");
        assertThat(creates.get(0).form()).doesNotContainKey("Parameters.member.1.ParameterKey");
        assertThat(creates.get(0).authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/cloudformation/aws4_request");
        // Stacks are followed by their id, which still answers once a stack is deleted.
        assertThat(stub.requests("DescribeStackEvents")).extracting(q -> q.form().get("StackName"))
                .allMatch(id -> id.startsWith("arn:aws:cloudformation:eu-west-1:123456789012:stack/clickstream-shop-"));
        assertThat(r.progress).contains(
                LAKE + ": " + LAKE + " (AWS::CloudFormation::Stack) CREATE_IN_PROGRESS: User Initiated",
                LAKE + ": LakeBucket8F8AB3A0 (AWS::S3::Bucket) CREATE_IN_PROGRESS: Resource creation Initiated",
                INGESTION + ": IngestionService9C2D4B1E (AWS::ECS::Service) CREATE_COMPLETE",
                INGESTION + ": " + INGESTION + " (AWS::CloudFormation::Stack) CREATE_COMPLETE");
        assertThat(r.progress).doesNotHaveDuplicates();
        assertThat(r.outputs).containsEntry("IngestionEndpoint",
                "http://clickstream-shop-1234567890.eu-west-1.elb.amazonaws.com/collect")
                .containsEntry("LakeUri", LAKE + "-LakeUri");
    }

    @Test
    void a_rollback_fails_the_step_naming_the_failed_resource_its_type_and_reason() throws Exception {
        stub.fail(INGESTION, "create", "IngestionService9C2D4B1E", SERVICE_FAILURE);
        Recorder r = new Recorder();

        String outcome = step(runtime(), pipeline(), PipelineAction.CREATE, 1, r);

        assertThat(outcome).isEqualTo("failed: " + INGESTION + " rolled back (ROLLBACK_COMPLETE): "
                + "IngestionService9C2D4B1E (AWS::ECS::Service) CREATE_FAILED: " + SERVICE_FAILURE);
        assertThat(r.progress).contains(
                INGESTION + ": " + INGESTION + " (AWS::CloudFormation::Stack) ROLLBACK_IN_PROGRESS: The following "
                        + "resource(s) failed to create: [IngestionService9C2D4B1E]. Rollback requested by user.",
                INGESTION + ": ClusterEB0386A7 (AWS::ECS::Cluster) DELETE_COMPLETE",
                INGESTION + ": " + INGESTION + " (AWS::CloudFormation::Stack) ROLLBACK_COMPLETE");
        assertThat(stub.status(LAKE)).isEqualTo("CREATE_COMPLETE");
        assertThat(stub.status(INGESTION)).isEqualTo("ROLLBACK_COMPLETE");
    }

    @Test
    void the_pipeline_follows_create_rollback_retry_update_and_delete_through_the_service() throws Exception {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(dir.resolve("metadata.db"))) {
            PipelineService service = new PipelineService(new PipelineRepository(store), new PipelineValidator(),
                    Map.of(RuntimeMode.AWS, runtime()), dir, (h, p) -> Optional.empty(), "1.0.0", Clock.systemUTC());
            stub.fail(INGESTION, "create", "IngestionService9C2D4B1E", SERVICE_FAILURE);

            String id = service.create("shop-project", shop(), "alice").value().id();
            Pipeline failed = awaitStatus(() -> service.find(id).orElseThrow().value(), PipelineStatus.FAILED);
            assertThat(failed.statusReason()).contains("IngestionService9C2D4B1E (AWS::ECS::Service) CREATE_FAILED");

            stub.succeedAgain(INGESTION, "create", "IngestionService9C2D4B1E");
            service.retry(id, "alice");
            Pipeline active = awaitStatus(() -> service.find(id).orElseThrow().value(), PipelineStatus.ACTIVE);
            assertThat(active.outputs()).containsEntry("IngestionEndpoint",
                    "http://clickstream-shop-1234567890.eu-west-1.elb.amazonaws.com/collect");
            // The retry kept the lake stack, deleted the rolled-back ingestion stack and created it again.
            assertThat(stub.requests("CreateStack", "UpdateStack", "DeleteStack"))
                    .extracting(q -> q.action() + " " + q.form().get("StackName"))
                    .containsExactly("CreateStack " + LAKE, "CreateStack " + INGESTION, "UpdateStack " + LAKE,
                            "DeleteStack " + INGESTION, "CreateStack " + INGESTION);

            service.delete(id, "bob");
            Pipeline deleted = awaitStatus(() -> service.find(id).orElseThrow().value(), PipelineStatus.DELETED);
            assertThat(deleted.history()).extracting(StatusChange::to).containsExactly(PipelineStatus.CREATING,
                    PipelineStatus.FAILED, PipelineStatus.CREATING, PipelineStatus.ACTIVE, PipelineStatus.DELETING,
                    PipelineStatus.DELETED);
            assertThat(stub.requests("DeleteStack")).extracting(q -> q.form().get("StackName"))
                    .containsExactly(INGESTION, INGESTION, LAKE);
            assertThat(stub.status(LAKE)).isNull();
        }
    }

    @Test
    void update_changes_only_the_stacks_whose_template_or_parameters_changed() throws Exception {
        Pipeline p = pipeline();
        step(runtime(), p, PipelineAction.CREATE, 1, new Recorder());
        Recorder r = new Recorder();

        String outcome = step(runtime(null, Map.of("CollectorImage", "public.ecr.aws/clickstream/collector:1.1.0")),
                machine.update(machine.succeeded(p, 1, "1.0.0", Map.of(), "ok"), p.definition(), null),
                PipelineAction.UPDATE, 2, r);

        assertThat(outcome).startsWith("succeeded: 2 stacks deployed");
        assertThat(r.progress).contains(LAKE + " is up to date",
                INGESTION + ": " + INGESTION + " (AWS::CloudFormation::Stack) UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        assertThat(stub.requests("UpdateStack")).extracting(q -> q.form().get("StackName")).containsExactly(LAKE, INGESTION);
        assertThat(stub.requests("UpdateStack").get(1).form())
                .containsEntry("Parameters.member.1.ParameterValue", "public.ecr.aws/clickstream/collector:1.1.0")
                .containsEntry("Capabilities.member.1", "CAPABILITY_IAM");
        assertThat(stub.status(INGESTION)).isEqualTo("UPDATE_COMPLETE");
    }

    @Test
    void an_update_that_rolls_back_fails_naming_the_resource() throws Exception {
        Pipeline p = pipeline();
        step(runtime(), p, PipelineAction.CREATE, 1, new Recorder());
        stub.fail(INGESTION, "update", "TaskDefinitionB36D86D9", "Resource handler returned message: \"Invalid "
                + "request provided: Create TaskDefinition: No Fargate configuration exists for given values: 1024 CPU, "
                + "512 memory.\"");

        String outcome = step(runtime(null, Map.of("CollectorImage", "public.ecr.aws/clickstream/collector:2.0.0")),
                p, PipelineAction.UPDATE, 2, new Recorder());

        assertThat(outcome).isEqualTo("failed: " + INGESTION + " rolled back (UPDATE_ROLLBACK_COMPLETE): "
                + "TaskDefinitionB36D86D9 (AWS::ECS::TaskDefinition) UPDATE_FAILED: Resource handler returned message: "
                + "\"Invalid request provided: Create TaskDefinition: No Fargate configuration exists for given "
                + "values: 1024 CPU, 512 memory.\"");
        assertThat(StackStatuses.pipelineStatusOf(stub.status(INGESTION))).isEqualTo(PipelineStatus.FAILED);
    }

    @Test
    void a_failed_delete_names_the_resource_and_a_retry_finishes_it() throws Exception {
        Pipeline p = pipeline();
        step(runtime(), p, PipelineAction.CREATE, 1, new Recorder());
        stub.fail(LAKE, "delete", "LakeBucket8F8AB3A0", "Resource handler returned message: \"The bucket you tried "
                + "to delete is not empty (Service: S3, Status Code: 409)\"");

        String outcome = step(runtime(), p, PipelineAction.DELETE, 2, new Recorder());

        assertThat(outcome).isEqualTo("failed: " + LAKE + " ended (DELETE_FAILED): LakeBucket8F8AB3A0 "
                + "(AWS::S3::Bucket) DELETE_FAILED: Resource handler returned message: \"The bucket you tried to "
                + "delete is not empty (Service: S3, Status Code: 409)\"");
        assertThat(stub.status(INGESTION)).isNull();

        stub.succeedAgain(LAKE, "delete", "LakeBucket8F8AB3A0");
        Recorder retry = new Recorder();
        assertThat(step(runtime(), p, PipelineAction.DELETE, 3, retry)).isEqualTo("succeeded: 2 stacks deleted");
        assertThat(retry.progress).contains(INGESTION + " does not exist: nothing to delete");
        assertThat(stub.status(LAKE)).isNull();
    }

    @Test
    void a_template_over_the_inline_limit_goes_through_s3() throws Exception {
        assembly = Files.createDirectories(dir.resolve("cdk.out"));
        // A few resources with long policies, as a stack of many IAM statements synthesizes.
        StringBuilder resources = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            StringBuilder statements = new StringBuilder();
            for (int j = 0; j < 120; j++) {
                statements.append(j == 0 ? "" : ",").append("{\"Action\": [\"s3:GetObject\", \"s3:PutObject\"], ")
                        .append("\"Effect\": \"Allow\", \"Resource\": \"arn:aws:s3:::shop-clickstream-lake/app_id=app")
                        .append(j).append("/*\"}");
            }
            resources.append(i == 0 ? "" : ",").append("\"Policy").append(i).append("\": {\"Type\": \"AWS::IAM::ManagedPolicy\", ")
                    .append("\"Properties\": {\"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [")
                    .append(statements).append("]}}}");
        }
        String template = "{\"Resources\": {" + resources + "}}";
        assertThat(template.length()).isGreaterThan(CloudFormationRuntime.MAX_TEMPLATE_BODY_BYTES);
        Files.writeString(assembly.resolve("clickstream-shop-big.template.json"), template);

        String withoutBucket = step(runtime(), pipeline(), PipelineAction.CREATE, 1, new Recorder());
        assertThat(withoutBucket).isEqualTo("failed: the create failed: the template of clickstream-shop-big is "
                + template.length() + " bytes, over CloudFormation's 51200 for an inline template: configure a "
                + "template bucket");

        String outcome = step(runtime("clickstream-templates", Map.of()), pipeline(), PipelineAction.CREATE, 2,
                new Recorder());

        assertThat(outcome).isEqualTo("succeeded: 1 stack deployed: clickstream-shop-big");
        Map<String, String> form = stub.requests("CreateStack").get(0).form();
        assertThat(form).doesNotContainKey("TemplateBody");
        String url = form.get("TemplateURL");
        assertThat(url).startsWith(stub.endpoint() + "/clickstream-templates/templates/shop/clickstream-shop-big-")
                .endsWith(".template.json");
        String key = url.substring(stub.endpoint().toString().length() + 1);
        assertThat(stub.objects).containsEntry(key, template);
    }

    @Test
    void a_step_given_again_after_a_restart_follows_the_operation_under_way() throws Exception {
        Pipeline p = pipeline();
        Recorder stopped = new Recorder() {
            @Override
            public void progress(String reason) {
                super.progress(reason);
                if (reason.contains("LakeBucket8F8AB3A0 (AWS::S3::Bucket) CREATE_IN_PROGRESS")) {
                    Thread.currentThread().interrupt(); // the studio stops while the lake stack is being created
                }
            }
        };
        assertThat(step(runtime(), p, PipelineAction.CREATE, 1, stopped)).contains("was interrupted");
        assertThat(stub.status(LAKE)).isEqualTo("CREATE_IN_PROGRESS");

        Recorder resumed = new Recorder();
        String outcome = step(runtime(), p, PipelineAction.CREATE, 1, resumed);

        assertThat(outcome).isEqualTo("succeeded: 2 stacks deployed: " + LAKE + ", " + INGESTION);
        assertThat(stub.requests("CreateStack")).extracting(q -> q.form().get("StackName"))
                .containsExactly(LAKE, INGESTION);
        assertThat(resumed.progress).contains(LAKE + " is CREATE_IN_PROGRESS: following the operation under way",
                LAKE + ": " + LAKE + " (AWS::CloudFormation::Stack) CREATE_COMPLETE");
    }

    @Test
    void the_stacks_of_a_cdk_output_come_in_dependency_order_without_asset_manifests() {
        CloudAssembly read = CloudAssembly.read(CDK_OUT);

        assertThat(read.stacks()).extracting(CloudAssembly.Stack::stackName).containsExactly(LAKE, INGESTION);
        assertThat(read.stacks().get(1).parameterNames()).containsExactly("CollectorImage", "BootstrapVersion");
    }

    private static Pipeline awaitStatus(Supplier<Pipeline> read, PipelineStatus wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Pipeline p = read.get();
        while (p.status() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(10);
            p = read.get();
        }
        assertThat(p.status()).as("status, last reason: " + p.statusReason()).isEqualTo(wanted);
        return p;
    }
}
