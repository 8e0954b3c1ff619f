/**
 * The AWS runtime: deploys the CloudFormation templates that infra-cdk synthesizes for a pipeline (a CDK cloud
 * assembly, {@code cdk.out/}) through the AWS SDK, in dependency order, and follows each stack's events into the
 * pipeline's state, naming the resource that failed and why.
 */
package io.clickstream.pipeline.aws;
