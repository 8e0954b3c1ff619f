package io.clickstream.infra.studio;

import io.clickstream.infra.common.LakeLocation;
import io.clickstream.infra.common.EncryptedLogs;
import io.clickstream.infra.common.Nag;
import io.clickstream.infra.ingestion.IngestionProps;
import io.clickstream.infra.modeling.ModelingStack;
import io.clickstream.infra.network.NetworkStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The studio: studio-app on Fargate behind an Application Load Balancer whose target group keeps each browser on
 * one task (Vaadin holds the UI state on the server), the metadata store's single DynamoDB table (partition key
 * {@code pk}, sort key {@code sk}, point-in-time recovery), sign-in through a Cognito user pool or an external OIDC
 * issuer, and the secrets the studio needs in Secrets Manager. The task may use the metadata table, query the
 * pipeline's modeled tables through Athena (and Redshift), read the lake's modeled and quarantine data, and embed
 * QuickSight dashboards.
 */
public final class StudioStack extends Stack {

    /** The port studio-app listens on. */
    public static final int CONTAINER_PORT = 8080;

    private final Table metadataTable;
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationTargetGroup targetGroup;
    private final FargateService service;
    private UserPool userPool;
    private final String url;

    public StudioStack(Construct scope, String id, StackProps stackProps, StudioProps props, NetworkStack network,
                       LakeLocation lake, IBucket accessLogsBucket, IKey dataKey, ModelingStack modeling) {
        super(scope, id, stackProps);
        IVpc vpc = network.vpc();
        metadataTable = Table.Builder.create(this, "MetadataTable")
                // A fixed name: the collectors of every pipeline find the apps in it by name.
                .tableName(props.metadataTable())
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        ICertificate certificate = null;
        IHostedZone zone = null;
        if (props.https() != null) {
            if (props.https().hostedZoneId() != null) {
                zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId(props.https().hostedZoneId()).zoneName(props.https().hostedZoneName()).build());
            }
            certificate = props.https().certificateArn() != null
                    ? Certificate.fromCertificateArn(this, "Certificate", props.https().certificateArn())
                    : Certificate.Builder.create(this, "Certificate").domainName(props.https().domainName())
                            .validation(CertificateValidation.fromDns(zone)).build();
        }
        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(vpc).description("studio load balancer").build();
        Nag.suppress(albGroup, "EC23", "The studio is a web application its users reach from anywhere; sign-in is"
                + " enforced by the application.");
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc).internetFacing(true).securityGroup(albGroup)
                .vpcSubnets(network.publicSubnets())
                .dropInvalidHeaderFields(true)
                .build();
        loadBalancer.logAccessLogs(accessLogsBucket, "alb/studio");
        url = props.https() != null ? "https://" + props.https().domainName()
                : "http://" + loadBalancer.getLoadBalancerDnsName();

        Map<String, String> environment = new HashMap<>();
        environment.put("CLICKSTREAM_RUNTIME", "aws");
        environment.put("CLICKSTREAM_DEMO", "false");
        environment.put("CLICKSTREAM_METADATA_STORE", "dynamodb");
        environment.put("CLICKSTREAM_METADATA_DYNAMODB_TABLE", metadataTable.getTableName());
        environment.put("CLICKSTREAM_METADATA_DYNAMODB_REGION", getRegion());
        environment.put("CLICKSTREAM_LAKE", lake.uri());
        environment.put("CLICKSTREAM_ATHENA_WORKGROUP", modeling.workGroupName());
        environment.put("CLICKSTREAM_ATHENA_DATABASE", modeling.databaseName());
        environment.put("AWS_REGION", getRegion());
        environment.put("SERVER_FORWARD_HEADERS_STRATEGY", "framework");
        environment.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
        if (modeling.redshiftWorkgroup() != null) {
            environment.put("CLICKSTREAM_REDSHIFT_WORKGROUP", modeling.redshiftWorkgroup().getRef());
            environment.put("CLICKSTREAM_REDSHIFT_DATABASE", modeling.redshiftDatabaseName());
        }
        Map<String, Secret> secrets = new HashMap<>();
        // studio-app's clickstream.security.oidc.* settings (Spring's relaxed binding of environment variables).
        String oidc = "CLICKSTREAM_SECURITY_OIDC_";
        String issuer;
        if (props.signIn() instanceof StudioProps.Cognito cognito) {
                UserPoolClient client = cognito(cognito, url);
                issuer = "https://cognito-idp." + getRegion() + ".amazonaws.com/" + userPool.getUserPoolId();
                environment.put(oidc + "CLIENTID", client.getUserPoolClientId());
                // Cognito lists a user's groups in cognito:groups; the pool's groups are named like the roles.
                environment.put(oidc + "ROLESCLAIM", "cognito:groups");
                environment.put(oidc + "USERNAMECLAIM", "email");
                software.amazon.awscdk.services.secretsmanager.Secret clientSecret =
                        software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "OidcClientSecret")
                                .description("Studio's Cognito app client secret")
                                .secretStringValue(client.getUserPoolClientSecret())
                                .build();
                Nag.suppress(clientSecret, "SMG4", "The value is the Cognito app client's secret, which Cognito"
                        + " does not rotate; a new client (a redeploy) replaces it.");
                secrets.put(oidc + "CLIENTSECRET", Secret.fromSecretsManager(clientSecret));
        } else {
                StudioProps.Oidc issuerSettings = (StudioProps.Oidc) props.signIn();
                issuer = issuerSettings.issuerUri();
                environment.put(oidc + "CLIENTID", issuerSettings.clientId());
                ISecret clientSecret = issuerSettings.clientSecretName() != null
                        ? software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(this,
                                "OidcClientSecret", issuerSettings.clientSecretName())
                        : emptyClientSecret();
                secrets.put(oidc + "CLIENTSECRET", Secret.fromSecretsManager(clientSecret));
        }
        environment.put("CLICKSTREAM_SECURITY_OIDC_ISSUER", issuer);
        software.amazon.awscdk.services.secretsmanager.Secret signingKey =
                software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "EmbedSigningKey")
                        .description("Key that signs the studio's expiring embed links")
                        .generateSecretString(SecretStringGenerator.builder()
                                .passwordLength(64).excludePunctuation(true).build())
                        .build();
        Nag.suppress(signingKey, "SMG4", "Rotating the signing key invalidates every embed link already handed out;"
                + " it is rotated by hand (a new value, then a restart) when a link must be revoked in bulk.");
        secrets.put("CLICKSTREAM_EMBED_SIGNINGKEY", Secret.fromSecretsManager(signingKey));

        Role taskRole = Role.Builder.create(this, "StudioTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("studio-app: metadata table, queries over the modeled tables, QuickSight embedding")
                .build();
        metadataTable.grantReadWriteData(taskRole);
        grantQueries(taskRole, modeling, lake);
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("quicksight:GenerateEmbedUrlForRegisteredUser"))
                .resources(List.of("arn:" + getPartition() + ":quicksight:" + getRegion() + ":" + getAccount()
                        + ":user/default/*", "arn:" + getPartition() + ":quicksight:" + getRegion() + ":"
                        + getAccount() + ":dashboard/*"))
                .build());
        Nag.suppress(taskRole, "IAM5", "The studio reads modeled and quarantine objects and Athena results it names"
                + " at query time under fixed prefixes, the tables of its one Glue database, embeds the dashboards"
                + " its users may see (QuickSight checks the user's own permission), and uses both indexes of its"
                + " metadata table.");

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "StudioTask")
                .cpu(props.cpu()).memoryLimitMiB(props.memoryMiB()).taskRole(taskRole).build();
        LogGroup logs = EncryptedLogs.create(this, "StudioLogs", dataKey, props.logDays());
        task.addContainer("studio", ContainerDefinitionOptions.builder()
                .image(props.image().image(this, "StudioImage"))
                .environment(environment)
                .secrets(secrets)
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("studio").build()))
                .build());
        Nag.suppress(task, "ECS2", "The environment holds names (table, workgroup, issuer, client id) and switches;"
                + " the client secret and the signing key come from Secrets Manager.");
        SecurityGroup studioGroup = SecurityGroup.Builder.create(this, "StudioSecurityGroup")
                .vpc(vpc).description("studio-app tasks").allowAllOutbound(true).build();
        studioGroup.addIngressRule(albGroup, Port.tcp(CONTAINER_PORT), "load balancer to studio");
        service = FargateService.Builder.create(this, "StudioService")
                .cluster(Cluster.Builder.create(this, "Cluster").vpc(vpc)
                        .containerInsightsV2(ContainerInsights.ENABLED).build())
                .taskDefinition(task).desiredCount(props.tasks())
                .vpcSubnets(network.privateSubnets()).securityGroups(List.of(studioGroup))
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .minHealthyPercent(100)
                // The studio takes a while to start (Vaadin, Spring); the load balancer waits for it.
                .healthCheckGracePeriod(Duration.seconds(180))
                .build();
        targetGroup = ApplicationTargetGroup.Builder.create(this, "StudioTargets")
                .vpc(vpc).port(CONTAINER_PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                // The sign-in page answers anonymous requests (a redirect to the issuer with OIDC sign-in).
                .healthCheck(HealthCheck.builder().path("/login").healthyHttpCodes("200-399").build())
                // Vaadin keeps each UI's state in the task that served it: a browser stays on that task.
                .stickinessCookieDuration(Duration.days(1))
                .deregistrationDelay(Duration.seconds(60))
                .targets(List.of(service))
                .build();
        if (certificate != null) {
            loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                    .port(443).protocol(ApplicationProtocol.HTTPS)
                    .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate)))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .defaultTargetGroups(List.of(targetGroup))
                    .build());
            loadBalancer.addRedirect();
            if (zone != null) {
                ARecord.Builder.create(this, "StudioRecord").zone(zone).recordName(props.https().domainName())
                        .target(RecordTarget.fromAlias(new LoadBalancerTarget(loadBalancer))).build();
            }
        } else {
            loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                    .port(80).protocol(ApplicationProtocol.HTTP)
                    .defaultAction(ListenerAction.forward(List.of(targetGroup)))
                    .build());
        }
        Nag.executionRole(task);
        Nag.awsCustomResourceProvider(this);
        CfnOutput.Builder.create(this, "StudioUrl").value(url).build();
        CfnOutput.Builder.create(this, "MetadataTableName").value(metadataTable.getTableName()).build();
    }

    private UserPoolClient cognito(StudioProps.Cognito cognito, String baseUrl) {
        userPool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireDigits(true).requireLowercase(true)
                        .requireUppercase(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .featurePlan(FeaturePlan.PLUS)
                .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (String role : List.of("Administrator", "Operator", "Analyst", "Reader")) {
            CfnUserPoolGroup.Builder.create(this, "Group" + role).userPoolId(userPool.getUserPoolId())
                    .groupName(role).description("Studio role " + role).build();
        }
        userPool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(cognito.domainPrefix()).build()).build());
        return userPool.addClient("Studio", UserPoolClientOptions.builder()
                .generateSecret(true)
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL))
                        .callbackUrls(List.of(baseUrl + "/login/oauth2/code/oidc"))
                        .logoutUrls(List.of(baseUrl + "/login?logout"))
                        .build())
                .preventUserExistenceErrors(true)
                .build());
    }

    private ISecret emptyClientSecret() {
        software.amazon.awscdk.services.secretsmanager.Secret secret =
                software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "OidcClientSecret")
                        // A random placeholder, so that nothing secret-looking sits in the template.
                        .description("Put the studio's client secret at the OIDC issuer here, then restart the studio")
                        .generateSecretString(SecretStringGenerator.builder().passwordLength(32).build())
                        .build();
        Nag.suppress(secret, "SMG4", "The issuer owns the client secret; it is rotated there and copied here.");
        return secret;
    }

    private void grantQueries(Role role, ModelingStack modeling, LakeLocation lake) {
        modeling.grantAthenaQueries(role, lake);
        // The pipeline page lists quarantined events with their raw text.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(lake.objects("quarantine/*")))
                .build());
        if (modeling.redshiftWorkgroup() != null) {
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement",
                            "redshift-serverless:GetCredentials"))
                    .resources(List.of(modeling.redshiftWorkgroup().getAttrWorkgroupWorkgroupArn()))
                    .build());
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("redshift-data:DescribeStatement", "redshift-data:GetStatementResult",
                            "redshift-data:CancelStatement"))
                    .resources(List.of("*"))
                    .conditions(Map.of("StringEquals",
                            Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                    .build());
        }
    }

    public Table metadataTable() {
        return metadataTable;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    public FargateService service() {
        return service;
    }

    /** The Cognito user pool, with Cognito sign-in. */
    public UserPool userPool() {
        return userPool;
    }

    /** The studio's base URL. */
    public String url() {
        return url;
    }
}
