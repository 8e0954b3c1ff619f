package io.clickstream.infra.modeling;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.EncryptedLogs;
import io.clickstream.infra.common.Nag;
import io.clickstream.model.ModeledTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.redshiftserverless.CfnNamespace;
import software.amazon.awscdk.services.redshiftserverless.CfnWorkgroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.INextable;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.State;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitJsonataProps;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsServiceJsonataProps;
import software.constructs.Construct;

/**
 * The load of the modeled tables into Redshift Serverless, as a Step Functions state machine on a schedule: it
 * creates the schema and tables (from event-model's schemas) if they are missing, then for each table has Athena
 * {@code UNLOAD} the recent days to Parquet in a staging prefix of the results bucket (Athena resolves the projected
 * partitions, and its Parquet carries {@code app_id} and {@code event_date}, which the lake keeps in directory names
 * that COPY cannot read) and replaces those days in Redshift with {@code DELETE} + {@code COPY} in one transaction.
 * Users are replaced whole, since a user's row changes with every visit.
 */
public final class RedshiftLoad extends Construct {

    /** Where Athena unloads for COPY, under the results bucket: {@code redshift-load/<execution>/<table>/}. */
    public static final String STAGING_PREFIX = "redshift-load/";

    /**
     * What the load needs to know.
     *
     * @param databaseName the Glue database the tables are unloaded from
     * @param workGroup    the Athena workgroup that unloads them
     * @param redshift     the Redshift settings (schedule, days replaced)
     * @param schema       the Redshift schema the tables live in
     * @param copyRoleArn  the role COPY reads the staging files with
     */
    public record LoadProps(String databaseName, String workGroup, ModelingStack.Redshift redshift, String schema,
                            String copyRoleArn) {
    }

    private final StateMachine stateMachine;
    private final Schedule schedule;

    RedshiftLoad(Construct scope, String id, LoadProps props, IBucket resultsBucket, LakeLocation lake,
                 CfnNamespace namespace, CfnWorkgroup workgroup,
                 software.amazon.awscdk.services.secretsmanager.ISecret adminSecret, IKey dataKey) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String workgroupArn = workgroup.getAttrWorkgroupWorkgroupArn();
        String secretArn = adminSecret.getSecretArn();
        String staging = "s3://" + resultsBucket.getBucketName() + "/" + STAGING_PREFIX;
        String athenaArn = "arn:" + stack.getPartition() + ":athena:" + stack.getRegion() + ":" + stack.getAccount()
                + ":workgroup/" + props.workGroup();

        // Built from the end backwards, since each step names the one after it.
        State next = new Succeed(this, "Loaded");
        List<ModeledTables.Table> tables = new ArrayList<>(ModeledTables.MODELED);
        java.util.Collections.reverse(tables);
        for (ModeledTables.Table table : tables) {
            String name = table.tableName();
            boolean whole = table == ModeledTables.USER;
            String where = whole ? "" : " WHERE event_date >= current_date - interval '" + props.redshift().reloadDays()
                    + "' day";
            String target = staging + "\" & $states.context.Execution.Name & \"/" + name + "/";
            State copied = statement("Replace" + capital(name), List.of(
                    "DELETE FROM " + props.schema() + ".\\\"" + name + "\\\"" + (whole ? ""
                            : " WHERE event_date >= current_date - " + props.redshift().reloadDays()),
                    "COPY " + props.schema() + ".\\\"" + name + "\\\" FROM '" + target + "' IAM_ROLE '"
                            + props.copyRoleArn() + "' FORMAT AS PARQUET SERIALIZETOJSON"),
                    workgroupArn, workgroup, namespace, secretArn, props.redshift().databaseName(), next);
            State unload = poll("Unload" + capital(name), CallAwsService.jsonata(this, "Unload" + capital(name),
                    CallAwsServiceJsonataProps.builder()
                            .service("athena")
                            .action("startQueryExecution")
                            .iamAction("athena:StartQueryExecution")
                            .iamResources(List.of(athenaArn))
                            .parameters(Map.of(
                                    "QueryString", "{% \"UNLOAD (SELECT * FROM \\\"" + props.databaseName()
                                            + "\\\".\\\"" + name + "\\\"" + where + ") TO '" + target
                                            + "' WITH (format = 'PARQUET', compression = 'SNAPPY')\" %}",
                                    "WorkGroup", props.workGroup(),
                                    "QueryExecutionContext", Map.of("Database", props.databaseName())))
                            .build()),
                    "athena", "getQueryExecution", "athena:GetQueryExecution", athenaArn,
                    Map.of("QueryExecutionId", "{% $states.input.QueryExecutionId %}"),
                    "$states.input.QueryExecution.Status.State = 'SUCCEEDED'",
                    "$states.input.QueryExecution.Status.State in ['FAILED', 'CANCELLED']",
                    "$states.input.QueryExecution.Status.StateChangeReason", copied);
            next = unload;
        }
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE SCHEMA IF NOT EXISTS " + props.schema());
        for (ModeledTables.Table table : ModeledTables.MODELED) {
            ddl.add(TableTypes.redshiftDdl(props.schema(), table));
        }
        // Every database user of this deployment (the studio's IAM identity) may read the modeled tables.
        ddl.add("GRANT USAGE ON SCHEMA " + props.schema() + " TO PUBLIC");
        ddl.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + props.schema() + " TO PUBLIC");
        State start = statement("CreateTables", ddl, workgroupArn, workgroup, namespace, secretArn,
                props.redshift().databaseName(), next);

        LogGroup logs = EncryptedLogs.create(this, "Logs", dataKey, 90);
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .queryLanguage(QueryLanguage.JSONATA)
                .definitionBody(DefinitionBody.fromChainable(start))
                .timeout(Duration.hours(2))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        String region = stack.getRegion();
        String account = stack.getAccount();
        String partition = stack.getPartition();
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secretArn))
                .build());
        dataKey.grantDecrypt(stateMachine.getRole());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift-data:DescribeStatement"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        // Athena runs the UNLOADs with this role's rights: the query rights, and writing the staging prefix.
        ModelingStack.grantAthenaQueries(stateMachine.getRole(), stack, props.workGroup(), props.databaseName(),
                resultsBucket, lake);
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(resultsBucket.arnForObjects(STAGING_PREFIX + "*")))
                .build());
        Nag.suppress(stateMachine, "IAM5", "Athena reads the modeled tables' Parquet files and writes unloaded files"
                + " and results under fixed prefixes whose object names it chooses; Glue tables of the one database;"
                + " the status of Redshift Data API statements has no resource-level permission and is limited to"
                + " the statements this role ran; X-Ray and log delivery take no resource.");

        schedule = Schedule.Builder.create(this, "Schedule")
                .schedule(ScheduleExpression.expression(props.redshift().loadSchedule()))
                .target(StepFunctionsStartExecution.Builder.create(stateMachine).retryAttempts(0).build())
                .description("Loads the modeled tables into Redshift")
                .build();
    }

    /**
     * Runs {@code sqls} in one transaction through the Redshift Data API, then polls until it finished; a failed
     * statement fails the execution with Redshift's error.
     */
    private State statement(String id, List<String> sqls, String workgroupArn, CfnWorkgroup workgroup,
                            CfnNamespace namespace, String secretArn, String database, State next) {
        List<Object> sqlArgs = new ArrayList<>();
        for (String sql : sqls) {
            sqlArgs.add(sql.contains("$states") ? "{% \"" + sql + "\" %}" : sql.replace("\\\"", "\""));
        }
        CallAwsService run = CallAwsService.jsonata(this, id, CallAwsServiceJsonataProps.builder()
                .service("redshiftdata")
                .action("batchExecuteStatement")
                .iamAction("redshift-data:BatchExecuteStatement")
                .iamResources(List.of(workgroupArn))
                .parameters(Map.of(
                        "WorkgroupName", workgroup.getRef(),
                        "Database", database,
                        "SecretArn", secretArn,
                        "Sqls", sqlArgs))
                .build());
        // DescribeStatement has no resource-level permission: the statement that lets it run is added once, on "*"
        // but only for statements this role ran (see the constructor); the one generated here grants nothing more.
        return poll(id, run, "redshiftdata", "describeStatement", "redshift-data:DescribeStatement", workgroupArn,
                Map.of("Id", "{% $states.input.Id %}"), "$states.input.Status = 'FINISHED'",
                "$states.input.Status in ['FAILED', 'ABORTED']", "$states.input.Error", next);
    }

    /**
     * {@code start}, then every 10 seconds {@code describe} until {@code done} holds (then {@code next}) or
     * {@code failed} holds (then the execution fails with {@code cause}).
     */
    private State poll(String id, CallAwsService start, String service, String describeAction, String iamAction,
                       String iamResource, Map<String, Object> describeArgs, String done, String failed,
                       String cause, State next) {
        Wait wait = Wait.jsonata(this, id + "Wait", WaitJsonataProps.builder()
                .time(WaitTime.duration(Duration.seconds(10))).build());
        CallAwsService describe = CallAwsService.jsonata(this, id + "Status", CallAwsServiceJsonataProps.builder()
                .service(service)
                .action(describeAction)
                .iamAction(iamAction)
                .iamResources(List.of(iamResource))
                // Keep the id for the next round: the answer of a describe call is the next state's input.
                .parameters(describeArgs)
                .build());
        Choice check = Choice.jsonata(this, id + "Done");
        Fail fail = Fail.jsonata(this, id + "Failed", software.amazon.awscdk.services.stepfunctions.FailJsonataProps
                .builder().error(id + "Failed").cause("{% " + cause + " %}").build());
        start.next(wait);
        wait.next(describe);
        describe.next(check);
        check.when(Condition.jsonata("{% " + done + " %}"), next)
                .when(Condition.jsonata("{% " + failed + " %}"), fail)
                .otherwise(wait);
        return start;
    }

    private static String capital(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Schedule schedule() {
        return schedule;
    }
}
