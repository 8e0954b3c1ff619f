package io.clickstream.infra.common;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.constructs.Construct;

/**
 * Where a deployable's container image comes from: an image already pushed (an ECR URI, whose repository the task
 * may then pull from, or any public registry reference), or the module's own {@code Dockerfile}, which
 * {@code cdk deploy} builds and pushes as a CDK asset (the module's jar must be built first).
 *
 * @param uri        an image reference such as {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/clickstream/ingestion:1.0};
 *                   null to build {@code dockerDirectory}
 * @param dockerDirectory the directory holding the {@code Dockerfile}, used when {@code uri} is null
 */
public record ContainerImageRef(String uri, String dockerDirectory) {

    private static final Pattern ECR = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+)(?::([\\w.-]+)|@(sha256:[0-9a-f]{64}))?");

    public ContainerImageRef {
        if ((uri == null || uri.isBlank()) == (dockerDirectory == null || dockerDirectory.isBlank())) {
            throw new IllegalArgumentException("give either an image URI or a directory with a Dockerfile");
        }
    }

    public static ContainerImageRef of(String uri) {
        return new ContainerImageRef(Objects.requireNonNull(uri, "uri"), null);
    }

    public static ContainerImageRef build(String dockerDirectory) {
        return new ContainerImageRef(null, Objects.requireNonNull(dockerDirectory, "dockerDirectory"));
    }

    /** The image for an ECS container; an ECR repository reference also grants the task's execution role its pull. */
    public ContainerImage image(Construct scope, String id) {
        if (uri == null) {
            return ContainerImage.fromAsset(dockerDirectory, AssetImageProps.builder().build());
        }
        Matcher ecr = ECR.matcher(uri);
        if (ecr.matches()) {
            var repository = Repository.fromRepositoryAttributes(scope, id, RepositoryAttributes.builder()
                    .repositoryName(ecr.group(3))
                    .repositoryArn("arn:aws:ecr:" + ecr.group(2) + ":" + ecr.group(1) + ":repository/" + ecr.group(3))
                    .build());
            String tag = ecr.group(4) != null ? ecr.group(4) : ecr.group(5) != null ? ecr.group(5) : "latest";
            return ContainerImage.fromEcrRepository(repository, tag);
        }
        return ContainerImage.fromRegistry(uri);
    }
}
